/**
 * Corpus metadata: which files make up the knowledge base and who published them.
 * An authority adds a document by dropping a .txt/.md file into knowledge/corpus and adding
 * an entry to corpus.json (and, for a new authority, an entry to authorities.json). No code change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';

export const DocumentMetaSchema = z.object({
  file: z.string().regex(/^[^/\\]+\.(txt|md)$/, 'a .txt or .md file name in the corpus folder'),
  authority: z.string().min(1),
  authorityFull: z.string().min(1),
  title: z.string().min(1),
  year: z.number().int().min(1990).max(2100),
  kind: z.string().min(1),
  /** Short human label used in citations, e.g. "Hillingdon AP Guidance 2024/25". */
  label: z.string().min(1).optional(),
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;

export const CorpusMetaSchema = z.array(DocumentMetaSchema).min(1);

export const AuthoritySchema = z.object({
  authority: z.string().min(1),
  authorityFull: z.string().min(1),
  /** Lower-case names a user might type for this authority (whole-word matched). */
  aliases: z.array(z.string().min(2)).default([]),
});
export type Authority = z.infer<typeof AuthoritySchema>;
export const AuthoritiesSchema = z.array(AuthoritySchema);

/** A document as plain data: metadata plus its raw extracted text. */
export interface SourceDocument {
  meta: DocumentMeta;
  raw: string;
}

export function defaultCorpusDir(): string {
  return fromRoot('knowledge', 'corpus');
}

export function loadCorpusMeta(dir: string = defaultCorpusDir()): DocumentMeta[] {
  const json: unknown = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
  const metas = CorpusMetaSchema.parse(json);
  const seen = new Set<string>();
  for (const m of metas) {
    if (seen.has(m.file)) throw new Error(`corpus.json lists ${m.file} twice`);
    seen.add(m.file);
  }
  return metas;
}

export function loadAuthorities(dir: string = defaultCorpusDir(), metas?: DocumentMeta[]): Authority[] {
  let list: Authority[] = [];
  try {
    list = AuthoritiesSchema.parse(JSON.parse(readFileSync(join(dir, 'authorities.json'), 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // Every authority named in the corpus is known, even without an authorities.json entry.
  for (const m of metas ?? []) {
    if (!list.some((a) => a.authority === m.authority)) {
      list.push({ authority: m.authority, authorityFull: m.authorityFull, aliases: [m.authority.toLowerCase()] });
    }
  }
  return list;
}

export function loadCorpus(dir: string = defaultCorpusDir()): { documents: SourceDocument[]; authorities: Authority[] } {
  const metas = loadCorpusMeta(dir);
  const documents = metas.map((meta) => ({ meta, raw: readFileSync(join(dir, meta.file), 'utf8') }));
  return { documents, authorities: loadAuthorities(dir, metas) };
}

export function docLabel(meta: DocumentMeta): string {
  return meta.label ?? `${meta.authority} ${meta.title} ${meta.year}`;
}
