import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Answer, GuidanceAnswerer } from '../knowledge/answer.js';
import { MAX_QUESTION_CHARS, questionTooLong } from '../common/text.js';
import { processJsonl } from './jsonl.js';
import type { Io } from './main.js';

export const askUsage = `ap-assist ask "question" [--authority NAME] [--json]
ap-assist ask --jsonl

Answers a guidance question from the local authority documents, with citations.
  --authority NAME   answer only from this authority's documents (Bromley, Bury, BCP, Hillingdon)
  --json             print the answer as JSON ("writtenBy": "model" or "offline")
  --jsonl            read {"id","question","authority"?} per line on stdin; write one answer per line`;

const line = z.object({ id: z.unknown().optional(), question: z.string().trim().min(1, 'question is required').max(MAX_QUESTION_CHARS, { error: (iss) => questionTooLong(String(iss.input).length) }), authority: z.string().optional() });

function contract(id: unknown, a: Answer, ms: number) {
  return {
    id,
    answered: a.answered,
    // Whether the safeguarding signpost came first: a child may be at risk.
    signpost: a.kind === 'safeguarding',
    answer: a.text,
    // Who wrote the text: the configured model (checked against its passages) or the offline answerer.
    writtenBy: a.generatedBy === 'llm' ? 'model' : 'offline',
    citations: a.citations.map((c) => ({ document: c.document, authority: c.authority, title: c.title, section: c.section, paragraph: c.paragraph, text: c.text })),
    ms: Math.round(ms * 10) / 10,
  };
}

export async function runAsk(argv: string[], io: Io, answerer: () => GuidanceAnswerer): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { authority: { type: 'string' }, json: { type: 'boolean' }, jsonl: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.jsonl) {
    const a = answerer();
    await processJsonl(io.stdin, io.stdout, async (obj) => {
      const parsed = line.safeParse(obj);
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '));
      const started = performance.now();
      const answer = await a.answer(parsed.data.question, { authority: parsed.data.authority ?? values.authority });
      return contract(parsed.data.id ?? null, answer, performance.now() - started);
    });
    return 0;
  }
  const question = positionals.join(' ').trim();
  if (!question) {
    io.stderr.write(`ask: give a question in quotes, or use --jsonl\n\n${askUsage}\n`);
    return 2;
  }
  if (question.length > MAX_QUESTION_CHARS) {
    io.stderr.write(`ask: ${questionTooLong(question.length)}\n`);
    return 2;
  }
  const started = performance.now();
  const answer = await answerer().answer(question, { authority: values.authority });
  const ms = performance.now() - started;
  if (values.json) {
    io.stdout.write(JSON.stringify(contract(null, answer, ms), null, 2) + '\n');
    return 0;
  }
  io.stdout.write(answer.text + '\n');
  if (answer.citations.length) {
    io.stdout.write('\nSources:\n');
    answer.citations.forEach((c, i) => io.stdout.write(`  [${i + 1}] ${c.label} (${c.authority}, ${c.year})${c.section ? ` — ${c.section}` : ''}\n`));
  }
  return 0;
}
