import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { GuidanceAnswerer } from '../knowledge/answer.js';
import { KnowledgeBase } from '../knowledge/kb.js';
import { loadCorpus } from '../knowledge/metadata.js';
import { memoryIo } from './helpers/io.js';

/** A council's own guidance, in words staff would not type. */
const GUIDANCE = [
  '1. Commissioning',
  '',
  '1.1 Where a pupil is permanently excluded, the head teacher informs the Inclusion Support Service within one school day.',
  '',
  '1.2 Placements are funded from the high needs block and agreed annually at the Schools Forum.',
  '',
  '1.3 Providers are visited termly by the quality assurance officer.',
].join('\n');

/** What the fake model writes for a passage, by a word of it. */
const WRITES: Record<string, string[]> = {
  excluded: ['kid got kicked out for good - who do we ring and how fast'],
  funded: ['where does the cash for ap come from'],
  visited: ['does anyone pop round to look at the setting'],
};

/** An OpenAI-compatible server on loopback that writes questions for the passages it is sent. */
class FakeModel {
  readonly requests: Array<{ messages: Array<{ role: string; content: string }>; max_tokens?: number }> = [];
  readonly paths: string[] = [];
  reply: (passages: Array<{ id: string; text: string }>) => string = (passages) =>
    JSON.stringify({ passages: passages.map((p) => ({ id: p.id, questions: Object.entries(WRITES).filter(([w]) => p.text.includes(w)).flatMap(([, q]) => q) })) });
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      let data = '';
      for await (const chunk of req) data += chunk;
      const body = JSON.parse(data) as FakeModel['requests'][number];
      this.requests.push(body);
      this.paths.push(req.url ?? '');
      const user = body.messages.find((m) => m.role === 'user')!.content;
      const passages = JSON.parse(user.slice(user.indexOf('Passages (JSON):') + 'Passages (JSON):'.length, user.indexOf('\n\nReply'))) as Array<{ id: string; text: string }>;
      const content = this.reply(passages);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] }),
      );
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((r) => this.server!.close(() => r()));
  }
}

/** A corpus folder holding one document already, and the new document to add beside it. */
function corpus(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ap-ingest-'));
  writeFileSync(join(dir, 'old.txt'), '1. Old\n\n1.1 The old guidance says very little about anything at all.\n');
  writeFileSync(join(dir, 'corpus.json'), JSON.stringify([{ file: 'old.txt', authority: 'Town', authorityFull: 'Town Council', title: 'Old Guidance', year: 2020, kind: 'guidance' }]));
  const file = join(mkdtempSync(join(tmpdir(), 'ap-src-')), 'shire-ap-guidance.txt');
  writeFileSync(file, GUIDANCE);
  return { dir, file };
}
const args = (file: string, dir: string) => ['ingest', file, '--authority', 'Shire', '--title', 'AP Guidance', '--year', '2025', '--label', 'Shire AP Guidance 2025', '--corpus', dir];

let model: FakeModel;
beforeAll(async () => {
  model = new FakeModel();
  await model.start();
});
afterAll(() => model.close());

describe('ap-assist ingest', () => {
  it('writes the questions each passage answers with the configured model, keeps them beside the corpus, and answers staff words from them', async () => {
    const { dir, file } = corpus();
    const m = memoryIo();
    expect(await main(args(file, dir), m.io, { OPENAI_API_KEY: 'sk-local', OPENAI_BASE_URL: `${model.url}/v1`, LOG_LEVEL: 'silent' })).toBe(0);
    // The model was given the same instructions the corpus's questions were written from.
    expect(model.requests[0]!.messages[0]).toMatchObject({ role: 'system', content: readFileSync('knowledge/corpus/questions/INSTRUCTIONS.md', 'utf8') });
    expect(model.requests[0]!.max_tokens).toBeGreaterThan(350);
    const kept = JSON.parse(readFileSync(join(dir, 'questions', 'shire-ap-guidance.json'), 'utf8')) as { writtenBy: string; passages: Array<{ paragraph: string; starts: string; questions: string[] }> };
    expect(kept.writtenBy).toMatch(/model gpt-4o-mini/);
    expect(kept.passages.find((p) => p.paragraph === '1.2')).toMatchObject({ starts: expect.stringMatching(/^Placements are funded/), questions: ['where does the cash for ap come from'] });
    expect(m.out()).toMatch(/Indexed 3 passages of Shire AP Guidance 2025 \(shire-ap-guidance\.txt\); 3 questions written for 3 of them/);
    // The document is in the corpus, the old one is still there, and a staff question finds the passage.
    expect(JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')).map((d: { file: string }) => d.file)).toEqual(['old.txt', 'shire-ap-guidance.txt']);
    const answerer = new GuidanceAnswerer(KnowledgeBase.build({ dir }), { cacheSize: 0 });
    const a = await answerer.answer('where does the cash for AP come from in Shire?');
    expect(a.citations[0]).toMatchObject({ authority: 'Shire', paragraph: '1.2' });
    // Without the questions written for it, the same question does not find that passage first.
    const withoutQuestions = new GuidanceAnswerer(KnowledgeBase.build(loadCorpus(dir)), { cacheSize: 0 });
    expect((await withoutQuestions.answer('where does the cash for AP come from in Shire?')).citations[0]?.paragraph).not.toBe('1.2');
  });

  it('writes them with an Azure OpenAI deployment too', async () => {
    const { dir, file } = corpus();
    const m = memoryIo();
    const env = { AZURE_OPENAI_ENDPOINT: model.url, AZURE_OPENAI_API_KEY: 'az-key', AZURE_OPENAI_DEPLOYMENT: 'ap-gpt', LOG_LEVEL: 'silent' };
    expect(await main(args(file, dir), m.io, env)).toBe(0);
    expect(model.paths.at(-1)).toMatch(/^\/openai\/deployments\/ap-gpt\/chat\/completions\?api-version=/);
    expect(JSON.parse(readFileSync(join(dir, 'questions', 'shire-ap-guidance.json'), 'utf8')).writtenBy).toMatch(/Azure OpenAI deployment ap-gpt/);
  });

  it('indexes the document without questions when no model is configured, and it still answers', async () => {
    const { dir, file } = corpus();
    const m = memoryIo();
    const before = model.requests.length;
    expect(await main(args(file, dir), m.io, { LOG_LEVEL: 'silent' })).toBe(0);
    expect(model.requests.length).toBe(before);
    expect(existsSync(join(dir, 'questions', 'shire-ap-guidance.json'))).toBe(false);
    expect(m.out()).toMatch(/No model configured.*indexed without questions/);
    const a = await new GuidanceAnswerer(KnowledgeBase.build({ dir }), { cacheSize: 0 }).answer('how often are providers visited in Shire?');
    expect(a).toMatchObject({ answered: true });
    expect(a.citations[0]).toMatchObject({ authority: 'Shire', paragraph: '1.3' });
  });

  it('keeps the questions the model did write when a reply is not JSON, and says which passages have none', async () => {
    const { dir, file } = corpus();
    const m = memoryIo();
    model.reply = () => 'Sorry, I cannot help with that.';
    try {
      expect(await main(args(file, dir), m.io, { OPENAI_API_KEY: 'sk-local', OPENAI_BASE_URL: `${model.url}/v1`, LOG_LEVEL: 'silent' })).toBe(0);
    } finally {
      model = Object.assign(model, { reply: new FakeModel().reply });
    }
    expect(m.err()).toMatch(/no questions for 3 passages \(shire-ap-guidance\.txt#0 on\): the reply was not JSON/);
    expect(m.out()).toMatch(/Indexed 3 passages.*0 with questions/);
  });

  it('refuses a document without its authority, title and year', async () => {
    const { dir, file } = corpus();
    const m = memoryIo();
    expect(await main(['ingest', file, '--corpus', dir], m.io, {})).toBe(2);
    expect(m.err()).toMatch(/--authority, --title and --year/);
  });
});
