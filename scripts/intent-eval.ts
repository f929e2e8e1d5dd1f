/**
 * `node dist/scripts/intent-eval.js [--data DIR] [--questions DIR]`: how well each way of reading a
 * message generalises, measured side by side on the labelled examples by 5-fold cross-validation
 * (train on four fifths, test on the fifth) and, for risk, by leaving out one kind of harm at a time
 * (train without any neglect example, test on neglect): the second is the nearer guess at wording
 * nobody has written down yet. Prints recall on risk messages and how often ordinary questions,
 * declines and questions that use safeguarding words would wrongly get the signpost.
 */
import { fromRoot } from '../common/paths.js';
import { riskPhrases } from '../knowledge/guard.js';
import { harmKinds } from '../knowledge/harm.js';
import { IntentClassifier, WRITERS, examplesIn, passageQuestions, type Example, type FeatureOptions, type Intent } from '../knowledge/intent.js';

interface Row extends Example {
  sub: string;
}

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
// Both writers' messages by default (knowledge/data/intent and its second/); --data DIR for one folder.
const dirs = process.argv.includes('--data') ? [arg('--data', '')] : WRITERS;
const rows = dirs.flatMap(examplesIn) as Row[];
const questions = passageQuestions(arg('--questions', fromRoot('knowledge', 'corpus', 'questions'))).map((e) => ({ ...e, sub: 'passage_question' }));
const all: Row[] = [...rows, ...questions];

type Method = { name: string; features?: FeatureOptions; decide: (text: string, c?: IntentClassifier) => boolean };
const strongHarm = (t: string) => harmKinds(t).some((k) => k !== 'general');
const pairs = { bigrams: true, charGrams: [] };
const chars = { bigrams: true, charGrams: [3, 4] };
const withHarm = (t: string, r: number, at: number) => r >= at || (r >= 0.05 && strongHarm(t));
const methods: Method[] = [
  { name: 'phrase patterns (before)', decide: (t) => riskPhrases(t) },
  { name: 'harm words alone', decide: (t) => strongHarm(t) },
  { name: 'NB words', features: { bigrams: false, charGrams: [] }, decide: (t, c) => c!.scores(t).risk >= 0.5 },
  { name: 'NB words+pairs', features: pairs, decide: (t, c) => c!.scores(t).risk >= 0.5 },
  { name: 'NB words+pairs+chars', features: chars, decide: (t, c) => c!.scores(t).risk >= 0.5 },
  { name: 'NB words+pairs or (harm words and >=0.05)', features: pairs, decide: (t, c) => withHarm(t, c!.scores(t).risk, 0.5) },
  { name: 'NB words+pairs+chars or (harm words and >=0.05)', features: chars, decide: (t, c) => withHarm(t, c!.scores(t).risk, 0.5) },
  { name: 'NB words+pairs or harm words or patterns (shipped)', features: pairs, decide: (t, c) => withHarm(t, c!.scores(t).risk, 0.5) || riskPhrases(t) },
];

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
const groups: Array<[string, (r: Row) => boolean]> = [
  ['risk (recall)', (r) => r.label === 'risk'],
  ['ap plain (false signpost)', (r) => r.label === 'ap' && (r.sub === 'plain' || r.sub === 'in_scope')],
  ['behaviour statements (false signpost)', (r) => r.sub === 'behaviour_statement'],
  ['ap safeguarding words (false signpost)', (r) => r.label === 'ap' && r.sub === 'safeguarding_words'],
  ['passage questions (false signpost)', (r) => r.sub === 'passage_question'],
  ['declines (false signpost)', (r) => r.label !== 'risk' && r.label !== 'ap'],
];

function folds<T>(xs: T[], k: number): T[][] {
  const out: T[][] = Array.from({ length: k }, () => []);
  xs.forEach((x, i) => out[i % k]!.push(x));
  return out;
}

process.stdout.write(`Examples: ${rows.length} labelled messages + ${questions.length} passage questions\n\n5-fold cross-validation\n`);
process.stdout.write(`| method | ${groups.map(([g]) => g).join(' | ')} |\n|---|${groups.map(() => '---').join('|')}|\n`);
for (const m of methods) {
  const counts = groups.map(() => [0, 0]);
  const parts = folds(all, 5);
  for (let f = 0; f < parts.length; f++) {
    const c = m.features ? IntentClassifier.train(parts.flatMap((p, i) => (i === f ? [] : p)), m.features) : undefined;
    for (const r of parts[f]!) {
      const fired = m.decide(r.text, c);
      groups.forEach(([, inGroup], g) => {
        if (!inGroup(r)) return;
        counts[g]![1]!++;
        if (fired) counts[g]![0]!++;
      });
    }
  }
  process.stdout.write(`| ${m.name} | ${counts.map(([n, d]) => `${pct(n!, d!)}`).join(' | ')} |\n`);
}

process.stdout.write(`\nLeave one kind of harm out (trained without it; recall on it)\n`);
const subs = [...new Set(rows.filter((r) => r.label === 'risk').map((r) => r.sub))].sort();
process.stdout.write(`| method | ${subs.join(' | ')} | mean |\n|---|${subs.map(() => '---').join('|')}|---|\n`);
for (const m of methods) {
  const recalls = subs.map((s) => {
    const test = rows.filter((r) => r.label === 'risk' && r.sub === s);
    const c = m.features ? IntentClassifier.train(all.filter((r) => !(r.label === 'risk' && r.sub === s)), m.features) : undefined;
    return test.filter((r) => m.decide(r.text, c)).length / test.length;
  });
  const mean = recalls.reduce((a, b) => a + b, 0) / recalls.length;
  process.stdout.write(`| ${m.name} | ${recalls.map((r) => `${(100 * r).toFixed(0)}`).join(' | ')} | ${(100 * mean).toFixed(1)} |\n`);
}

const labels: Intent[] = ['risk', 'ap', 'out_of_scope', 'personal_data', 'injection'];
const nbTop = (c: IntentClassifier, t: string): Intent => {
  const s = c.scores(t);
  return labels.reduce((best, l) => (s[l] > s[best] ? l : best), 'ap' as Intent);
};
const readers: Array<[string, (c: IntentClassifier, t: string) => Intent]> = [
  ['naive Bayes, most likely intent', nbTop],
  ['averaged perceptron (`kind`, what decides declines)', (c, t) => c.kind(t)],
];
const parts = folds(all, 5);
const trained = parts.map((_, f) => IntentClassifier.train(parts.flatMap((p, i) => (i === f ? [] : p))));
for (const [name, read] of readers) {
  process.stdout.write(`\nWhat the message is (5-fold): ${name}\n`);
  const confusion = new Map<string, number>();
  for (let f = 0; f < parts.length; f++) for (const r of parts[f]!) {
    const k = `${r.label}>${read(trained[f]!, r.text)}`;
    confusion.set(k, (confusion.get(k) ?? 0) + 1);
  }
  process.stdout.write(`| true \\ predicted | ${labels.join(' | ')} | recall |\n|---|${labels.map(() => '---').join('|')}|---|\n`);
  for (const t of labels) {
    const row = labels.map((p) => confusion.get(`${t}>${p}`) ?? 0);
    const total = row.reduce((a, b) => a + b, 0);
    process.stdout.write(`| ${t} | ${row.join(' | ')} | ${pct(confusion.get(`${t}>${t}`) ?? 0, total)} |\n`);
  }
}
