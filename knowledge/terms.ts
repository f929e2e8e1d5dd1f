import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';
import { stem } from './stem.js';

const termSchema = z.object({
  term: z.string().min(1),
  aliases: z.array(z.string().min(1)).min(1),
  expansion: z.string(),
  definition: z.string().min(1),
  // Where the meaning comes from (a statute, DfE guidance or an authority's document), kept with the entry.
  source: z.string().optional(),
});
export type SectorTerm = z.infer<typeof termSchema>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An alias as a pattern: its spaces also match hyphens ("return-to-mainstream"). */
const aliasPattern = (alias: string) => escape(alias).replace(/ +/g, '[\\s-]+');

/** Glossary entries too everyday to show a question is about AP. */
const GENERIC = new Set(['Head', 'LA', 'Attendance', 'Primary', 'Post-16', 'KS', 'DfE', 'Ofsted', 'FT', 'MH', 'Social worker', 'CYP', 'FSM', 'PSHE', 'SBM']);

export interface TermMatch {
  term: SectorTerm;
  alias: string;
}

/**
 * The sector glossary (kept as data): expands a question's acronyms and jargon into the words
 * the documents use, and defines a term when asked.
 */
export class Glossary {
  /** `re` tests; `all` (the same pattern, global) finds every place it was said. */
  private readonly matchers: Array<{ re: RegExp; all: RegExp; term: SectorTerm; alias: string }>;

  private readonly everyday: Array<{ re: RegExp; all: RegExp; words: string }>;
  private readonly domain: RegExp | undefined;
  private readonly domainStems: Set<string>;

  /** Whether the question speaks of alternative provision or its neighbours at all. */
  inDomain(text: string): boolean {
    if (this.domain?.test(text)) return true;
    if (text.toLowerCase().split(/[^a-z0-9-]+/).some((w) => w && this.domainStems.has(stem(w)))) return true;
    return this.find(text).some((m) => !GENERIC.has(m.term.term));
  }

  constructor(
    readonly terms: SectorTerm[],
    everyday: Array<[string, string]> = [],
    domain: string[] = [],
  ) {
    this.domain = domain.length ? new RegExp(`\\b(?:${domain.map(escape).join('|')})\\b`, 'i') : undefined;
    // Single domain words also match by stem: "reintegrating" is about reintegration.
    this.domainStems = new Set(domain.filter((w) => !/\s/.test(w)).map((w) => stem(w.toLowerCase())));
    const withAll = (re: RegExp) => ({ re, all: new RegExp(re.source, `${re.flags}g`) });
    this.everyday = everyday.map(([phrases, words]) => ({ ...withAll(new RegExp(`\\b(?:${phrases})(?:e?s)?\\b`, 'i')), words }));
    this.matchers = terms.flatMap((term) =>
      term.aliases.map((alias) => ({
        // Short all-capital acronyms match only in capitals, so "PA" is not "pa" and "LA" not "la";
        // one with a digit ("S19", "KS4") is no English word, so any case will do.
        // A plural or possessive is the same term ("absences", "PRUs", "EHCP's").
        ...withAll(new RegExp(`(?<![\\w'])${aliasPattern(alias)}(?:'?s|es)?(?![\\w])`, /^[A-Z.]{1,5}$/.test(alias) ? '' : 'i')),
        term,
        alias,
      })),
    );
  }

  static load(path = fromRoot('knowledge', 'sector-terms.json'), everyday = fromRoot('knowledge', 'everyday-words.json')): Glossary {
    const { pairs, domain } = z
      .object({ pairs: z.array(z.tuple([z.string(), z.string()])), domain: z.array(z.string()) })
      .parse(JSON.parse(readFileSync(everyday, 'utf8')));
    return new Glossary(z.array(termSchema).parse(JSON.parse(readFileSync(path, 'utf8'))), pairs, domain);
  }

  find(text: string): TermMatch[] {
    const seen = new Set<SectorTerm>();
    const out: TermMatch[] = [];
    for (const m of this.matchers) {
      if (!seen.has(m.term) && m.re.test(text)) {
        seen.add(m.term);
        out.push({ term: m.term, alias: m.alias });
      }
    }
    return out;
  }

  /**
   * Each glossary entry or everyday phrase the question uses, with the words it matched there and
   * the documents' words for it: retrieval treats them as one idea. A term's expansion is a phrase
   * ("education otherwise than at school"); an everyday phrase's is a list of alternatives.
   */
  concepts(text: string): Array<{ said: string[]; expansion: string; kind: 'term' | 'everyday' }> {
    const said = (re: RegExp) => [...text.matchAll(re)].map((m) => m[0]);
    // A term said by two of its aliases ("PEX", "permanently excluded") is one idea.
    const byTerm = new Map<SectorTerm, { said: string[]; expansion: string; kind: 'term' }>();
    for (const m of this.matchers) {
      if (!m.re.test(text)) continue;
      const entry = byTerm.get(m.term) ?? { said: [], expansion: m.term.expansion, kind: 'term' as const };
      entry.said.push(...said(m.all));
      byTerm.set(m.term, entry);
    }
    const everyday = this.everyday.filter((e) => e.re.test(text)).map((e) => ({ said: said(e.all), expansion: e.words, kind: 'everyday' as const }));
    return [...byTerm.values(), ...everyday];
  }

  /** "What does EOTAS mean?", "what is a PRU", "define S19": the term being asked about, if any. */
  definitionAsked(question: string): SectorTerm | undefined {
    const m = question
      .trim()
      .match(/^(?:what(?:'s| is| are| does| do)?|define|meaning of|explain)\s+(?:an?\s+|the\s+)?(?:term\s+)?["']?(.{1,60}?)["']?\s*(?:stand for|mean|means|mean\?)?\s*\??$/i);
    if (!m) return undefined;
    const asked = m[1]!.replace(/\s+(?:stand for|mean)$/i, '').trim();
    const hit = this.find(asked).find((h) => h.alias.toLowerCase() === asked.toLowerCase() || asked.length <= h.alias.length + 4);
    return hit?.term;
  }
}
