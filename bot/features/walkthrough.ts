import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { walkthroughResultCard, walkthroughStepCard, type CitedRecommendation } from '../../cards/walkthrough.js';
import type { Clock } from '../../common/clock.js';
import { dayMonthYear } from '../../common/dates.js';
import { quoteOf } from '../../common/text.js';
import { signpostFor } from '../../knowledge/guard.js';
import type { KnowledgeBase } from '../../knowledge/kb.js';
import { EtagConflictError, type Store } from '../../store/store.js';
import { answerStep, goBack, loadWalkthrough, newWalk, recommend, referralPrefill, type Walkthrough, type WalkState } from '../../walkthrough/engine.js';
import type { ActionResult, ActionTurn, Feature, MessageTurn } from '../feature.js';
import type { Speaker } from '../turn.js';

interface Saved {
  /** The walkthrough being answered now. */
  current: WalkState | null;
  /** Finished or paused walkthroughs, by pupil initials: one per pupil. */
  byPupil: Record<string, WalkState>;
}

export interface WalkthroughDeps {
  store: Store;
  kb: KnowledgeBase;
  clock: Clock;
  homeAuthority: string;
  /** Starts a referral already filled in with what the walkthrough learnt; returns its first card. */
  startReferral(userKey: string, prefill: Record<string, unknown>): Promise<AdaptiveCard>;
}

const userKey = (s: Speaker) => s.aadObjectId ?? s.userId;
const versioned = z.object({ version: z.coerce.number().int().min(1), step: z.string().max(40).optional() }).loose();

/**
 * The graduated approach, step by step from data, resumable from the store, ending in a
 * recommendation that cites the guidance and, where it fits, a referral already filled in.
 */
export function walkthroughFeature(d: WalkthroughDeps): Feature {
  const def: Walkthrough = loadWalkthrough(d.homeAuthority);
  const key = (s: Speaker) => `walkthrough/${userKey(s)}`;

  const load = async (s: Speaker): Promise<{ saved: Saved; etag?: string }> => {
    const item = (await d.store.state.read([key(s)])).get(key(s));
    return item ? { saved: item.data as unknown as Saved, etag: item.etag } : { saved: { current: null, byPupil: {} } };
  };
  const save = async (s: Speaker, saved: Saved, etag?: string) => {
    await d.store.state.write(key(s), saved as unknown as Record<string, unknown>, etag ?? '*');
  };

  const cite = (recs: ReturnType<typeof recommend>): CitedRecommendation[] =>
    recs.map((rec) => {
      const citations = rec.cite.flatMap((c): Array<{ label: string; quote: string }> => {
        if ('source' in c) return [{ label: sourceLabel(c.source, c.paragraph), quote: '' }];
        const chunk =
          'paragraph' in c
            ? d.kb.chunks.find((k) => k.docFile.startsWith(c.doc) && k.paragraph === c.paragraph)
            : d.kb.chunks.find((k) => k.docFile.startsWith(c.doc) && (!c.heading || k.headingPath.includes(c.heading)) && k.text.includes(c.contains));
        if (!chunk) return [];
        const where = chunk.paragraph ?? chunk.headingPath.at(-1) ?? '';
        const at = 'contains' in c ? Math.max(0, chunk.text.indexOf(c.contains)) : 0;
        // A quote taken from within a sentence says so with a leading ellipsis.
        const midSentence = at > 0 && !/(^|[.!?:]|\n)[\s*|-]*$/.test(chunk.text.slice(0, at));
        return [{ label: `${chunk.label}${where ? `, ${where}` : ''}`, quote: `${midSentence ? '…' : ''}${firstSentence(chunk.text.slice(at))}` }];
      });
      if (rec.query && citations.length < 2) {
        const hit = d.kb.search(rec.query, { authorities: [d.homeAuthority], limit: 1 })[0] ?? d.kb.search(rec.query, { limit: 1 })[0];
        if (hit && !citations.some((c) => c.label.startsWith(hit.chunk.label) && hit.chunk.paragraph && c.label.endsWith(hit.chunk.paragraph))) {
          citations.push({ label: `${hit.chunk.label}${hit.chunk.paragraph ? `, ${hit.chunk.paragraph}` : ''}`, quote: firstSentence(hit.chunk.text) });
        }
      }
      return { rec, citations };
    });

  // A routing paragraph ("003 §5.6") names the document by its label, as an officer cites it;
  // any other source ("SEND Code of Practice", "6.63") is named with its paragraph.
  const sourceLabel = (source: string, paragraph: string): string => {
    if (/\b\d{3} §/.test(paragraph)) return paragraph.replace(/\b(\d{3}) §/g, (_m, doc: string) => `${d.kb.chunks.find((k) => k.docFile.startsWith(doc))?.label ?? source}, `).replace(/§/g, '');
    const p = paragraph.replace(/§/g, '');
    return p.toLowerCase().includes(source.toLowerCase()) ? p : `${source}, ${p}`;
  };

  // What the member of staff wrote in their own words (not the choices they ticked), for the safeguarding check.
  const written = (s: WalkState): string[] =>
    def.steps.flatMap((st) => st.questions).filter((q) => q.type === 'text').map((q) => s.answers[q.id] ?? '').filter((v) => v.split(/\s+/).length >= 3);

  const view = (s: WalkState, errors?: Record<string, string>, referralStarted = false): AdaptiveCard =>
    s.step >= def.steps.length ? walkthroughResultCard(s, cite(recommend(def, s.answers)), signpostFor(...written(s)), referralStarted) : walkthroughStepCard(def, s, errors);

  const start = async (turn: MessageTurn) => {
    if (turn.speaker.conversationType !== 'personal') {
      await turn.send({ text: 'Let\'s do this in a private chat with me: type **graduated approach** there.' });
      return;
    }
    const { saved, etag } = await load(turn.speaker);
    if (saved.current && saved.current.step < def.steps.length && saved.current.step > 0) {
      await turn.send({ text: `You have a walkthrough in progress${saved.current.initials ? ` for ${saved.current.initials}` : ''}. Here is where you were; use **Start again** for a different pupil.`, card: view(saved.current) });
      return;
    }
    const fresh = newWalk(d.clock.now().toISOString());
    await save(turn.speaker, { ...saved, current: fresh }, etag);
    await turn.send({ card: view(fresh) });
  };

  const act = (fn: (turn: ActionTurn, saved: Saved, current: WalkState) => Promise<{ saved: Saved; result: ActionResult }>) => async (turn: ActionTurn): Promise<ActionResult> => {
    const { saved, etag } = await load(turn.speaker);
    if (!saved.current) return { message: 'There is no walkthrough in progress. Type **graduated approach** to start one.' };
    try {
      const out = await fn(turn, saved, saved.current);
      if (out.saved !== saved) await save(turn.speaker, out.saved, etag ?? '*');
      return out.result;
    } catch (e) {
      if (e instanceof EtagConflictError) return { message: 'That answer crossed with another change to this walkthrough; nothing was lost. Type **resume walkthrough** to carry on.' };
      throw e;
    }
  };

  return {
    capability: {
      title: 'Graduated approach',
      description: 'Worried about a pupil? I walk you through assess, plan, do, review and the three AP tiers, and end with a recommendation from the guidance and, where it fits, a referral already filled in.',
      command: { label: 'Help with a pupil', text: 'graduated approach' },
    },
    commands: [
      { pattern: /^(graduated approach|help with a pupil|walkthrough|start (a |the )?walkthrough)$/i, run: start },
      {
        pattern: /^(resume|continue) (the |my )?(walkthrough|graduated approach)$/i,
        async run(turn) {
          const { saved } = await load(turn.speaker);
          if (!saved.current) await turn.send({ text: 'There is no walkthrough in progress. Type **graduated approach** to start one.' });
          else await turn.send({ card: view(saved.current) });
        },
      },
    ],
    actions: {
      'wt.answer': act(async (turn, saved, current) => {
        const p = versioned.safeParse(turn.data);
        if (!p.success) return { saved, result: { message: 'That card could not be read. Type **resume walkthrough**.' } };
        const { action: _a, step, version: _v, ...inputs } = turn.data;
        const r = answerStep(def, current, String(step ?? ''), p.data.version, inputs);
        if ('stale' in r) return { saved, result: { message: r.stale } };
        if (!r.ok) return { saved, result: { card: view(r.state, r.errors) } };
        const next = r.state;
        // One walkthrough per pupil: a second one for the same initials resumes the first.
        if (current.step === 0 && saved.byPupil[next.initials] && saved.byPupil[next.initials]!.step > 0) {
          const earlier = saved.byPupil[next.initials]!;
          const card = view(earlier);
          card.body.splice(1, 0, { type: 'TextBlock', wrap: true, color: 'Accent', text: `You already have a walkthrough for ${next.initials}, started ${dayMonthYear(earlier.startedAt)}: here it is, so nothing is lost. Use **Start again** to begin afresh.` });
          return { saved: { ...saved, current: earlier }, result: { card } };
        }
        return { saved: { current: next, byPupil: { ...saved.byPupil, [next.initials]: next } }, result: { card: view(next) } };
      }),
      'wt.back': act(async (turn, saved, current) => {
        const p = versioned.safeParse(turn.data);
        if (!p.success) return { saved, result: { message: 'That card could not be read. Type **resume walkthrough**.' } };
        const back = goBack(current, p.data.version);
        if ('stale' in back) return { saved, result: { message: back.stale } };
        return { saved: { current: back, byPupil: back.initials ? { ...saved.byPupil, [back.initials]: back } : saved.byPupil }, result: { card: view(back) } };
      }),
      'wt.restart': act(async (_turn, saved, current) => {
        const { [current.initials]: _dropped, ...rest } = saved.byPupil;
        const fresh = newWalk(d.clock.now().toISOString());
        return { saved: { current: fresh, byPupil: rest }, result: { card: view(fresh) } };
      }),
      'wt.refer': act(async (turn, saved, current) => {
        if (current.step < def.steps.length) return { saved, result: { message: 'Finish the walkthrough first; type **resume walkthrough**.' } };
        // The referral is a new card below: the recommendation it came from stays in the chat to refer back to.
        await turn.send({ card: await d.startReferral(userKey(turn.speaker), referralPrefill(current.answers)) });
        return { saved, result: { card: view(current, undefined, true) } };
      }),
    },
  };
}

/** A quote ends where the document's sentence or clause does, never mid-word or mid-phrase. */
const firstSentence = (t: string): string => quoteOf(t);

