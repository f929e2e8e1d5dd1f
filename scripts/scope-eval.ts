/**
 * `node dist/scripts/scope-eval.js`: which way of deciding "answer, hedge or decline" generalises,
 * measured side by side on messages from a writer the classifier did not learn from.
 *
 * The labelled messages in `knowledge/data/intent/` come from two helpers who wrote independently
 * (the top folder, then `second/`; see the README). Each method is tried with the classifier trained
 * on one writer's messages (plus the passage questions) and tested on the other's, through the whole
 * answerer, as a user would meet it: ordinary questions should be answered, out-of-scope and
 * personal-data messages declined (or, for volunteered details, answered after the privacy
 * reminder). Then, trained on everything, the share of in-scope questions declined on the question
 * sets in `knowledge/eval/` (totals only).
 */
import { GuidanceAnswerer, answerable, type Answer, type Answerable } from '../knowledge/answer.js';
import { PRIVACY_REMINDER, SAFEGUARDING_SIGNPOST } from '../knowledge/guard.js';
import { IntentClassifier, WRITERS, examplesIn, passageQuestions, type Example } from '../knowledge/intent.js';
import { KnowledgeBase } from '../knowledge/kb.js';
import { DECLINE_SETS, QUESTION_SETS, evalDeclines, evalQa } from '../knowledge/qa-eval.js';

type Row = Example;

const [first, second] = WRITERS.map(examplesIn) as [Row[], Row[]];
const questions = passageQuestions();

// Until 2026-11-30 passages below the coverage threshold were declined before any reading: `strict` keeps that.
const strict =
  (m: Answerable): Answerable =>
  (e) =>
    e.weak ? 'notCovered' : m(e);
const methods: Record<string, Answerable> = {
  'sector words, authority or classifier ap>=0.5 (session start)': strict((e) => !e.hedged || e.named.length > 0 || e.sectorWords || e.scores.ap >= 0.5),
  'classifiers, weak passages declined': strict(answerable),
  'classifiers, weak passages the closest when both read AP': (e) => (e.weak ? (e.kind === 'ap' && e.scores.ap >= 0.5 ? 'answer' : 'notCovered') : answerable(e)),
  'classifiers, weak passages the closest when both read AP and they say its main idea (shipped)': answerable,
  'classifiers, weak passages the closest when NB ap>=0.5': (e) => (e.weak ? (e.scores.ap >= 0.5 ? 'answer' : 'notCovered') : answerable(e)),
};

type Outcome = 'answered' | 'declined' | 'privacy' | 'signpost';
function outcome(a: Answer): Outcome[] {
  const out: Outcome[] = [];
  let text = a.text;
  if (text.startsWith(SAFEGUARDING_SIGNPOST)) {
    out.push('signpost');
    text = text.slice(SAFEGUARDING_SIGNPOST.length).trim();
  }
  if (text.startsWith(PRIVACY_REMINDER)) out.push('privacy');
  out.push(a.answered ? 'answered' : 'declined');
  return out;
}

const groups: Array<[string, (r: Row) => boolean, (o: Outcome[]) => boolean]> = [
  ['in-scope questions answered', (r) => r.label === 'ap' && r.sub !== 'behaviour_statement', (o) => o.includes('answered')],
  ['behaviour statements not signposted', (r) => r.sub === 'behaviour_statement', (o) => !o.includes('signpost')],
  ['out of scope declined', (r) => r.label === 'out_of_scope', (o) => o.includes('declined')],
  ['personal data declined or reminded', (r) => r.label === 'personal_data', (o) => o.includes('declined') || o.includes('privacy')],
];

const kb = KnowledgeBase.build();
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

async function crossWriter(name: string, train: Row[], test: Row[]) {
  if (!train.length || !test.length) return;
  const intent = IntentClassifier.train([...train, ...questions]);
  process.stdout.write(`\n${name} (${test.length} messages)\n| method | ${groups.map(([g]) => g).join(' | ')} |\n|---|${groups.map(() => '---').join('|')}|\n`);
  for (const [m, decide] of Object.entries(methods)) {
    const answerer = new GuidanceAnswerer(kb, { homeAuthority: 'Hillingdon', cacheSize: 0, intent, answerable: decide });
    const counts = groups.map(() => [0, 0]);
    for (const r of test) {
      const o = outcome(await answerer.answer(r.text));
      groups.forEach(([, inGroup, ok], g) => {
        if (!inGroup(r)) return;
        counts[g]![1]!++;
        if (ok(o)) counts[g]![0]!++;
      });
    }
    process.stdout.write(`| ${m} | ${counts.map(([n, d]) => `${pct(n!, d!)} (${d})`).join(' | ')} |\n`);
  }
}

await crossWriter('Trained on the first writer, tested on the second', first, second);
if (process.argv.includes('--both-ways')) await crossWriter('Trained on the second writer, tested on the first', second, first);

const sets = [...QUESTION_SETS.map((s) => `${s.name}: in scope declined`), ...DECLINE_SETS.map((s) => `${s.name}: declined`)];
process.stdout.write(`\nTrained on both: the evaluation sets in knowledge/eval (totals only)\n| method | ${sets.join(' | ')} |\n|---|${sets.map(() => '---').join('|')}|\n`);
const intent = IntentClassifier.train([...first, ...second, ...questions]);
for (const [m, decide] of Object.entries(methods)) {
  const answerer = new GuidanceAnswerer(kb, { homeAuthority: 'Hillingdon', cacheSize: 0, intent, answerable: decide });
  const cells: string[] = [];
  for (const set of QUESTION_SETS) {
    const r = await evalQa((q, authority) => answerer.answer(q, { authority }), set.path);
    cells.push(pct(r.declined, r.total));
  }
  for (const set of DECLINE_SETS) {
    const r = await evalDeclines((q) => answerer.answer(q), set.path);
    cells.push(pct(r.declined, r.total));
  }
  process.stdout.write(`| ${m} | ${cells.join(' | ')} |\n`);
}
