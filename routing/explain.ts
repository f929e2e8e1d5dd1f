import { docLabel, loadCorpusMeta, type DocumentMeta } from '../knowledge/metadata.js';
import type { FiredRule, RouteResult } from './engine.js';
import { loadPolicy } from './policy.js';

export type ReasonKind = 'primary' | 'copy' | 'duty' | 'deadline';

/** A routing decision as a person reads it: the rule in words and where the guidance says it. */
export interface Reason {
  kind: ReasonKind;
  /** The rule in words, from the authority's policy. */
  words: string;
  /** Document label and paragraphs, e.g. "Hillingdon AP Guidance 2024/25, 6.3 and 5.4". */
  source: string;
  /** The policy's rule id: for the audit record and the CSV only, never shown on a card. */
  rule: string;
}

let metas: DocumentMeta[] | undefined;
const corpusMeta = () => (metas ??= loadCorpusMeta());

/**
 * Turns a policy's paragraph reference ("003 §6.3, §5.4") into what a reader can look up
 * ("Hillingdon AP Guidance 2024/25, 6.3 and 5.4"): the document's label in place of its file
 * number, paragraphs without the section sign.
 */
export function citeParagraphs(ref: string): string {
  // A reference is one or more parts separated by ';', each either "NNN §a, §b" (a corpus file
  // number and its paragraphs) or already in words ("Bury strategy §4", "statute (...)").
  return ref
    .split(';')
    .map((part) => {
      const m = /^\s*(\d{3})\b\s*(.*)$/.exec(part);
      if (!m) return part.replace(/§\s*/g, '').trim();
      const meta = corpusMeta().find((d) => d.file.startsWith(`${m[1]}_`));
      const label = meta ? docLabel(meta) : "the authority's guidance";
      const paras = (m[2]!.match(/\d+(?:\.\d+)*(?:[-–]\d+(?:\.\d+)*)?[a-z]?/g) ?? []).map((p) => p.replace('-', '–'));
      if (!paras.length) return label;
      return `${label}, ${paras.length > 1 ? `${paras.slice(0, -1).join(', ')} and ${paras.at(-1)}` : paras[0]}`;
    })
    .filter(Boolean)
    .join('; ');
}

/** Every reason a routing result carries, in the order the policy fired them, in words. */
export function reasonsOf(r: Pick<RouteResult, 'authority' | 'rules'>): Reason[] {
  const policy = loadPolicy(r.authority);
  const kindOf = (rule: FiredRule, i: number): ReasonKind => {
    if (i === 0 || policy.primary.some((p) => p.id === rule.rule)) return 'primary';
    if (policy.copies.some((c) => c.id === rule.rule)) return 'copy';
    if (policy.deadlines.some((d) => d.id === rule.rule)) return 'deadline';
    return 'duty';
  };
  return r.rules.map((rule, i) => ({ kind: kindOf(rule, i), words: rule.why, source: citeParagraphs(rule.paragraph), rule: rule.rule }));
}

/** "the rule in words (Hillingdon AP Guidance 2024/25, 5.6)". */
export const reasonText = (x: Reason) => `${x.words.replace(/\.$/, '')} (${x.source})`;
