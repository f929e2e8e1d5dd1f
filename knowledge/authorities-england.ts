/**
 * Every English local authority by name (`knowledge/data/english-authorities.json`), so a
 * question about Kent's or Leeds's arrangements is recognised as one about an authority whose
 * documents are not held, rather than answered from another council's.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';

const file = z.object({
  authorities: z.array(z.object({ name: z.string(), kind: z.string(), aliases: z.array(z.string()), onlyCapitalised: z.array(z.string()).optional() })),
});

interface Matcher {
  name: string;
  /** Names matched in any case, and names that are also English words, matched capitalised only. */
  res: RegExp[];
}

let matchers: Matcher[] | undefined;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/,?\s+/g, ',?\\s+').replace(/-/g, '[-\\s]');

function load(): Matcher[] {
  const data = file.parse(JSON.parse(readFileSync(fromRoot('knowledge', 'data', 'english-authorities.json'), 'utf8')));
  return data.authorities.map((a) => {
    const capitalised = new Set(a.onlyCapitalised ?? []);
    const loose = [a.name, ...a.aliases].filter((n) => !capitalised.has(n)).map(escape);
    const strict = [...capitalised].map(escape);
    // "Kent's", "kents" and "Kent" all name Kent; "reading" the word does not name Reading.
    const re = (alts: string[], flags: string) => new RegExp(`(?<![\\w-])(?:${alts.join('|')})(?:'?s)?(?![\\w-])`, flags);
    return { name: a.name, res: [...(loose.length ? [re(loose, 'i')] : []), ...(strict.length ? [re(strict, '')] : [])] };
  });
}

/** The English authorities a text names, by their full names ("Kingston upon Hull" for "Hull"). */
export function authoritiesNamedIn(text: string): string[] {
  return (matchers ??= load()).filter((m) => m.res.some((r) => r.test(text))).map((m) => m.name);
}
