import { missingAnswer, type Question, type Recommendation, type Walkthrough, type WalkState } from '../walkthrough/engine.js';
import { type AdaptiveCard, type CardElement, card, execute, heading, text } from './adaptive.js';

const sentence = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function input(q: Question, value: string | undefined): CardElement {
  const base = { id: q.id, label: q.label, isRequired: !q.optional, errorMessage: sentence(missingAnswer(q)) };
  if (q.type === 'choice') {
    return { type: 'Input.ChoiceSet', ...base, style: (q.options?.length ?? 0) > 6 ? 'compact' : 'expanded', value: value ?? '', choices: (q.options ?? []).map(([v, t]) => ({ title: t, value: v })) };
  }
  if (q.type === 'number') return { type: 'Input.Number', ...base, value: value ? Number(value) : 0, min: q.min ?? 0, max: q.max };
  return { type: 'Input.Text', ...base, value: value ?? '', maxLength: q.maxLength };
}

/** One step of the walkthrough; answers given before come back filled in, errors by their question. */
export function walkthroughStepCard(def: Walkthrough, s: WalkState, errors: Record<string, string> = {}): AdaptiveCard {
  const step = def.steps[s.step]!;
  const body: CardElement[] = [
    heading(`${step.phase}: ${step.title}`),
    text(`Graduated approach${s.initials ? ` for ${s.initials}` : ''} · step ${s.step + 1} of ${def.steps.length}. You can leave at any time and type **resume walkthrough** later.`, { isSubtle: true, size: 'Small' }),
  ];
  if (step.intro) body.push(text(step.intro));
  for (const q of step.questions) {
    body.push(input(q, s.answers[q.id]));
    if (errors[q.id]) body.push(text(`⚠ ${errors[q.id]}`, { color: 'Attention', size: 'Small', spacing: 'None' }));
  }
  const data = { step: step.id, version: s.version };
  const actions = [execute('Next', 'wt.answer', data, { style: 'positive' })];
  if (s.step > 0) actions.push(execute('Back', 'wt.back', data, { associatedInputs: 'none' }));
  actions.push(execute('Start again', 'wt.restart', data, { associatedInputs: 'none' }));
  return card(body, actions);
}

export interface CitedRecommendation {
  rec: Recommendation;
  citations: Array<{ label: string; quote: string }>;
}

/** The end of the walkthrough: what to do next, each step with the paragraphs it rests on. */
export function walkthroughResultCard(s: WalkState, recs: CitedRecommendation[], signpost?: string, referralStarted = false): AdaptiveCard {
  // The safeguarding signpost comes before any recommendation when the concern written suggests risk.
  const body: CardElement[] = [...(signpost ? [text(signpost, { weight: 'Bolder', color: 'Attention' })] : []), heading(`Recommendation for ${s.initials}`)];
  recs.forEach(({ rec, citations }, i) => {
    body.push(text(`${i === 0 ? '' : 'Also: '}**${rec.title}**`, { spacing: 'Medium' }), text(rec.text, { spacing: 'Small' }));
    for (const c of citations) body.push(text(c.quote ? `${c.label}: "${c.quote}"` : c.label, { size: 'Small', isSubtle: true, spacing: 'None' }));
  });
  const data = { version: s.version };
  const actions = [];
  // Once the referral is started it is its own message below; this card says so instead of offering a second one.
  if (referralStarted) body.push(text('The referral form is in the next message, filled in with these answers. Type **resume referral** to see it again.', { color: 'Accent', spacing: 'Medium' }));
  else if (recs.some((r) => r.rec.referral)) actions.push(execute('Start the referral with these answers', 'wt.refer', data, { style: 'positive' }));
  actions.push(execute('Back', 'wt.back', { ...data, step: 'result' }), execute('Start again', 'wt.restart', data));
  return card(body, actions);
}
