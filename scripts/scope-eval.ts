/**
 * `node dist/scripts/scope-eval.js`: which way of deciding "answer, hedge or decline" generalises,
 * measured side by side on messages from a writer the classifier did not learn from.
 *
 * The labelled messages in `knowledge/data/intent/` come from helpers who wrote independently (the
 * folders in `WRITERS`; see their READMEs; `sixth/` and `seventh/` hold in-scope questions only). Each method is tried leaving one writer out
 * in turn: the classifier is trained on the others' messages (plus the passage questions) and
 * tested on the one left out, through the whole answerer, as a user would meet it: ordinary
 * questions should be answered, out-of-scope and personal-data messages declined (or, for
 * volunteered details, answered after the privacy reminder). Then, trained on everything, the share
 * of in-scope questions declined on the question sets in `knowledge/eval/` (totals only).
 * `--writers=2` keeps the session-4 comparison (first writer to second only).
 */
import { GuidanceAnswerer, answerable, type Answer, type Answerable } from '../knowledge/answer.js';
import { PRIVACY_REMINDER, SAFEGUARDING_SIGNPOST } from '../knowledge/guard.js';
import { IntentClassifier, WRITERS, examplesIn, passageQuestions, type Example } from '../knowledge/intent.js';
import { KnowledgeBase } from '../knowledge/kb.js';
import { DECLINE_SETS, QUESTION_SETS, evalDeclines, evalQa } from '../knowledge/qa-eval.js';

type Row = Example;

const writers = WRITERS.map(examplesIn);
const questions = passageQuestions();

// The rules compared in session 5 (2026-11-30), each against the shipped `answerable`.
const methods: Record<string, Answerable> = {
  'shipped': answerable,
  'a full answer read as out of scope by the perceptron, naive Bayes >= 0.5, declined too': (e) =>
    e.kind === 'out_of_scope' && e.scores.out_of_scope >= 0.5 ? 'notCovered' : answerable(e),
  'every partial answer the perceptron reads as out of scope declined': (e) => (e.hedged && e.kind === 'out_of_scope' ? 'notCovered' : answerable(e)),
  'a request for details: perceptron and naive Bayes likelier than AP, any certainty': (e) =>
    !e.detailsRemoved && e.kind === 'personal_data' && e.odds.personal_data > e.odds.ap ? 'personal' : answerable(e),
  'a request for details: naive Bayes 0.99 sure and AP below 0.5 (session 4)': (e) =>
    !e.detailsRemoved && e.kind === 'personal_data' && e.scores.personal_data >= 0.99 && e.scores.ap < 0.5
      ? 'personal'
      : // `detailsRemoved` only switches off the shipped rule's own request-for-details line.
        answerable({ ...e, detailsRemoved: true }),
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

if (process.argv.includes('--writers=2')) await crossWriter('Trained on the first writer, tested on the second', writers[0]!, writers[1]!);
else for (const [w, test] of writers.entries()) await crossWriter(`Writer ${w + 1} left out`, writers.filter((_, i) => i !== w).flat(), test);

const sets = [...QUESTION_SETS.map((s) => `${s.name}: in scope declined`), ...DECLINE_SETS.map((s) => `${s.name}: declined`)];
process.stdout.write(`\nTrained on both: the evaluation sets in knowledge/eval (totals only)\n| method | ${sets.join(' | ')} |\n|---|${sets.map(() => '---').join('|')}|\n`);
const intent = IntentClassifier.train([...writers.flat(), ...questions]);
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
