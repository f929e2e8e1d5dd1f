import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';
import { stem } from './stem.js';

const termSchema = z.object({
  term: z.string().min(1),
  aliases: z.array(z.string().min(1)).min(1),
  expansion: z.string(),
  definition: z.string().min(1),
});
export type SectorTerm = z.infer<typeof termSchema>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Glossary entries too everyday to show a question is about AP. */
const GENERIC = new Set(['Head', 'LA', 'Attendance', 'Primary', 'Post-16', 'KS', 'DfE', 'Ofsted', 'FT', 'MH', 'Social worker']);

export interface TermMatch {
  term: SectorTerm;
  alias: string;
}

/**
 * The sector glossary (kept as data): expands a question's acronyms and jargon into the words
 * the documents use, and defines a term when asked.
 */
export class Glossary {
  private readonly matchers: Array<{ re: RegExp; term: SectorTerm; alias: string }>;

  private readonly everyday: Array<{ re: RegExp; words: string }>;
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
    this.everyday = everyday.map(([phrases, words]) => ({ re: new RegExp(`\\b(?:${phrases})(?:e?s)?\\b`, 'i'), words }));
    this.matchers = terms.flatMap((term) =>
      term.aliases.map((alias) => ({
        // Short all-capital acronyms match only in capitals, so "PA" is not "pa" and "LA" not "la";
        // one with a digit ("S19", "KS4") is no English word, so any case will do.
        re: new RegExp(`(?<![\\w'])${escape(alias)}(?![\\w])`, /^[A-Z.]{1,5}$/.test(alias) ? '' : 'i'),
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

  /** Sector terms and everyday words in the question, re-said in the documents' own words. */
  expansions(text: string): string {
    return [...this.find(text).map((m) => m.term.expansion), ...this.everyday.filter((e) => e.re.test(text)).map((e) => e.words)].join(' ');
  }

  /** The words of the question that a glossary entry or everyday phrase re-says. */
  coveredWords(text: string): Set<string> {
    const out = new Set<string>();
    const add = (phrase: string) => phrase.toLowerCase().split(/[^a-z0-9']+/).forEach((w) => w && out.add(w));
    const all = (re: RegExp) => new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const m of this.matchers) for (const hit of text.matchAll(all(m.re))) add(hit[0]);
    for (const e of this.everyday) for (const hit of text.matchAll(all(e.re))) add(hit[0]);
    return out;
  }

  /**
   * Each glossary entry or everyday phrase the question uses, with the words it matched there and
   * the documents' words for it: retrieval treats them as one idea. A term's expansion is a phrase
   * ("education otherwise than at school"); an everyday phrase's is a list of alternatives.
   */
  concepts(text: string): Array<{ said: string[]; expansion: string; kind: 'term' | 'everyday' }> {
    const out: Array<{ said: string[]; expansion: string; kind: 'term' | 'everyday' }> = [];
    const all = (re: RegExp) => new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    const said = (re: RegExp) => [...text.matchAll(all(re))].map((m) => m[0]);
    const seen = new Set<SectorTerm>();
    for (const m of this.matchers) {
      const hits = said(m.re);
      if (!hits.length) continue;
      const known = out.find((c) => seen.has(m.term) && c.expansion === m.term.expansion);
      if (known) known.said.push(...hits);
      else out.push({ said: hits, expansion: m.term.expansion, kind: 'term' });
      seen.add(m.term);
    }
    for (const e of this.everyday) {
      const hits = said(e.re);
      if (hits.length) out.push({ said: hits, expansion: e.words, kind: 'everyday' });
    }
    return out;
  }

  /** The question with its expansions appended, for retrieval. */
  expand(text: string): string {
    const extra = this.expansions(text);
    return extra ? `${text} ${extra}` : text;
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
