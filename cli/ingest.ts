import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LlmSettings } from '../config/config.js';
import type { LanguageModel } from '../knowledge/model.js';
import type { Io } from './main.js';

export const ingestUsage = `ap-assist ingest FILE --authority NAME --title TITLE --year YYYY [--label LABEL] [--kind KIND] [--authority-full NAME] [--corpus DIR]

Adds a document (.txt or .md) to the corpus, or refreshes one already there, and writes the questions
each of its passages answers with the configured model (OPENAI_API_KEY or AZURE_OPENAI_*), from
knowledge/corpus/questions/INSTRUCTIONS.md; they are kept as data in the corpus's questions/ folder.
With no model configured the document is indexed without them and still answers from its own words.
The bot reads the corpus at start-up: restart it to answer from the new document.
  --authority NAME       the authority that published it (a new one is added)
  --title TITLE          the document's title
  --year YYYY            the year it was published
  --label LABEL          how citations name it (default "AUTHORITY TITLE YEAR")
  --kind KIND            guidance, strategy, committee report… (default guidance)
  --authority-full NAME  the authority's full name (default: as held, or NAME)
  --corpus DIR           the corpus folder (default knowledge/corpus)`;

export async function runIngest(argv: string[], io: Io, deps: { llm: () => LlmSettings; model: () => LanguageModel | undefined }): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      authority: { type: 'string' },
      title: { type: 'string' },
      year: { type: 'string' },
      label: { type: 'string' },
      kind: { type: 'string' },
      'authority-full': { type: 'string' },
      corpus: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const { DocumentMetaSchema, defaultCorpusDir, loadAuthorities, loadCorpusMeta, docLabel } = await import('../knowledge/metadata.js');
  const source = positionals[0];
  if (!source || positionals.length > 1 || !values.authority || !values.title || !values.year) {
    io.stderr.write(`ingest: give one FILE and its --authority, --title and --year\n\n${ingestUsage}\n`);
    return 2;
  }
  if (!existsSync(source)) {
    io.stderr.write(`ingest: no such file: ${source}\n`);
    return 2;
  }
  const dir = resolve(values.corpus ?? defaultCorpusDir());
  const metas = loadCorpusMeta(dir);
  const held = loadAuthorities(dir, metas).find((a) => a.authority.toLowerCase() === values.authority!.toLowerCase());
  const parsed = DocumentMetaSchema.safeParse({
    file: basename(source),
    authority: held?.authority ?? values.authority,
    authorityFull: values['authority-full'] ?? held?.authorityFull ?? values.authority,
    title: values.title,
    year: Number(values.year),
    kind: values.kind ?? 'guidance',
    label: values.label,
  });
  if (!parsed.success) {
    io.stderr.write(`ingest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
    return 2;
  }
  const meta = parsed.data;
  const target = join(dir, meta.file);
  if (resolve(source) !== target) copyFileSync(source, target);
  const entries = [...metas.filter((m) => m.file !== meta.file), meta];
  // One document a line, as the file is kept.
  const line = (m: object) => `{${Object.entries(m).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
  writeFileSync(join(dir, 'corpus.json'), `[\n${entries.map((m) => `  ${line(m)}`).join(',\n')}\n]\n`);

  const { ingestDocument } = await import('../knowledge/ingest.js');
  const chunks = ingestDocument({ meta, raw: readFileSync(target, 'utf8') }).chunks;
  const { questionsPath } = await import('../knowledge/questions.js');
  const model = deps.model();
  let written = 0;
  if (!model) {
    io.stdout.write(`No model configured (OPENAI_API_KEY or AZURE_OPENAI_*): ${meta.file} is indexed without questions for its passages; it still answers from its own words.\n`);
  } else {
    const { questionInstructions, writeQuestions } = await import('../knowledge/write-questions.js');
    const llm = deps.llm();
    const name = llm.provider === 'azure' ? `Azure OpenAI deployment ${llm.deployment}` : llm.provider === 'openai' ? `model ${llm.model}` : 'model';
    io.stderr.write(`Writing the questions ${chunks.length} passages answer with the configured ${name}…\n`);
    const r = await writeQuestions(chunks, model, {
      document: docLabel(meta),
      file: meta.file,
      writtenBy: `the configured ${name} on ${new Date().toISOString().slice(0, 10)} by ap-assist ingest, following INSTRUCTIONS.md and seeing only this document's passages`,
      instructions: questionInstructions(dir),
    });
    for (const f of r.failed) io.stderr.write(`ingest: no questions for ${f.ids.length} passages (${f.ids[0]} on): ${f.reason}\n`);
    if (r.file.passages.length) {
      mkdirSync(join(dir, 'questions'), { recursive: true });
      writeFileSync(questionsPath(meta.file, dir), JSON.stringify(r.file, null, 1) + '\n');
      written = r.file.passages.reduce((n, p) => n + p.questions.length, 0);
    }
  }
  // Built as the bot builds it, so what is reported is what it will answer from.
  const { KnowledgeBase } = await import('../knowledge/kb.js');
  const kb = KnowledgeBase.build({ dir });
  const own = kb.chunks.filter((c) => c.docFile === meta.file);
  const answered = own.filter((c) => kb.questionsOf(c).length).length;
  io.stdout.write(
    `Indexed ${own.length} passage${own.length === 1 ? '' : 's'} of ${docLabel(meta)} (${meta.file}); ${written ? `${written} questions written for ${answered} of them, kept in ${questionsPath(meta.file, dir)}` : `${answered} with questions`}.\n`,
  );
  return 0;
}
