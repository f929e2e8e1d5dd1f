/**
 * `node dist/scripts/risk-eval.js`: how the signpost holds on a writer it did not learn from.
 *
 * The classifier is trained on everything except the second writer's risk messages
 * (`knowledge/data/intent/second/risk*.jsonl`), as the shipped one would meet new wording, and each
 * rule for reading its scores (`RiskRule`) is tried on those messages: every one should get the
 * signpost. The second writer's behaviour statements, in-scope questions and declines are in
 * training here, so their false-signpost figures flatter; the first line trains on the first writer
 * alone and shows them untouched.
 */
import { fromRoot } from '../common/paths.js';
import { RISK_RULE, childAtRisk, type RiskRule } from '../knowledge/guard.js';
import { IntentClassifier, passageQuestions, readExamples, type Example } from '../knowledge/intent.js';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

interface Row extends Example {
  file: string;
}

const load = (dir: string): Row[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) => readExamples(join(dir, f)).map((e) => ({ ...e, file: f })))
    : [];

const first = load(fromRoot('knowledge', 'data', 'intent'));
const second = load(fromRoot('knowledge', 'data', 'intent', 'second'));
const questions = passageQuestions();
const secondRisk = second.filter((r) => r.label === 'risk');
if (!secondRisk.length) {
  process.stdout.write('No risk messages from a second writer in knowledge/data/intent/second/.\n');
  process.exit(0);
}

const rules: Array<[string, RiskRule]> = [
  ['shipped', RISK_RULE],
  ['whole 0.5; with harm words 0.01; sentence 0.5', { ...RISK_RULE, at: 0.5, withHarmWords: 0.01, sentenceAt: 0.5 }],
  ['whole 0.3; with harm words 0.01; sentence 0.2', { ...RISK_RULE, at: 0.3, withHarmWords: 0.01, sentenceAt: 0.2 }],
  ['shipped, and a sentence without harm words at 0.999', { ...RISK_RULE, sentenceAloneAt: 0.999 }],
  ['shipped, and a sentence without harm words at 0.99', { ...RISK_RULE, sentenceAloneAt: 0.99 }],
  ['shipped, and a sentence without harm words at 0.9', { ...RISK_RULE, sentenceAloneAt: 0.9 }],
  ['shipped, and a sentence without harm words at 0.5', { ...RISK_RULE, sentenceAloneAt: 0.5 }],
];

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
const groups: Array<[string, (r: Row) => boolean, boolean]> = [
  ['second writer risk (signposted)', (r) => r.label === 'risk' && !r.file.includes('behaviour'), true],
  ['second writer risk inside behaviour (signposted)', (r) => r.label === 'risk' && r.file.includes('behaviour'), true],
  ['second writer behaviour statements (false signpost)', (r) => r.sub === 'behaviour_statement', true],
  ['second writer in-scope questions (false signpost)', (r) => r.label === 'ap' && r.sub !== 'behaviour_statement', true],
  ['second writer declines (false signpost)', (r) => r.label !== 'ap' && r.label !== 'risk', true],
];

function table(title: string, intent: IntentClassifier) {
  process.stdout.write(`\n${title}\n| rule | ${groups.map(([g]) => g).join(' | ')} |\n|---|${groups.map(() => '---').join('|')}|\n`);
  for (const [name, rule] of rules) {
    const cells = groups.map(([, inGroup]) => {
      const rows = second.filter(inGroup);
      return `${pct(rows.filter((r) => childAtRisk(r.text, intent, rule)).length, rows.length)} (${rows.length})`;
    });
    process.stdout.write(`| ${name} | ${cells.join(' | ')} |\n`);
  }
}

table('Trained on the first writer only', IntentClassifier.train([...first, ...questions]));
const most = IntentClassifier.train([...first, ...second.filter((r) => r.label !== 'risk'), ...questions]);
table("Trained on everything but the second writer's risk messages", most);
if (process.argv.includes('--misses')) for (const r of secondRisk) if (!childAtRisk(r.text, most)) process.stdout.write(`  missed (${r.sub}): ${r.text}\n`);
