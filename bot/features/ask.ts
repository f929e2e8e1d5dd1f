import type { Feature, MessageTurn } from '../feature.js';
import { STARTER_QUESTIONS } from '../../cards/starters.js';

/** A cited answer as the knowledge layer gives it; only what the chat needs. */
export interface ChatAnswer {
  answered: boolean;
  generatedBy: 'extractive' | 'llm';
}

/** What the chat needs from the knowledge layer: an answer, and its Teams reply shape. */
export interface Answerer<A extends ChatAnswer = ChatAnswer> {
  answer(question: string): Promise<A>;
  /** An answer given moments ago to the same question, if kept: it is sent at once, without typing. */
  recent?(question: string): A | undefined;
  /** Stop giving a kept answer to this question (a user marked it unhelpful). */
  forget?(question: string): void;
  toReply(answer: A): { text: string; entities: Array<Record<string, unknown>> };
}

const MAX_TRACKED = 1000;
const ASK_PREFIX = /^(?:ask|question|q)\s*[:\-]?\s+/i;

/**
 * Guidance questions: any message no other command claims is a question. The user sees a
 * typing indicator while the answer is prepared (not for an answer given moments ago, which is
 * sent at once), then the answer with its citations and the feedback buttons; the AI label
 * appears only when a model wrote the text. A thumbs-down on an answer stops it being given
 * again from memory: the next asker gets it worked out afresh.
 */
export function askFeature<A extends ChatAnswer>(answerer: Answerer<A>): Feature {
  /** The question each recent answer (by its message id) answered, so a thumbs-down can find it. */
  const answered = new Map<string, string>();
  const reply = async (turn: MessageTurn, question: string) => {
    let answer = answerer.recent?.(question);
    if (!answer) {
      // The typing indicator shows while an answer is prepared; a kept answer needs no preparing.
      await turn.typing();
      answer = await answerer.answer(question);
    }
    const { text, entities } = answerer.toReply(answer);
    const id = await turn.send({ text, entities, feedback: answer.answered, aiGenerated: answer.generatedBy === 'llm' });
    if (id && answer.answered) {
      answered.set(id, question);
      // Feedback comes soon after an answer, if at all: the oldest are let go.
      if (answered.size > MAX_TRACKED) answered.delete(answered.keys().next().value!);
    }
  };
  return {
    capability: {
      title: 'Ask a question',
      description: "Ask about alternative provision in your own words. I answer from the local authority's guidance and cite the document and paragraph.",
      examples: STARTER_QUESTIONS.map((s) => s.question),
    },
    commands: [
      {
        pattern: /^(?:ask|question)$/i,
        run: (turn) => turn.send({ text: 'Type your question in your own words, for example: *What does the Virtual School do when a looked-after pupil is excluded?*' }).then(() => undefined),
      },
      { pattern: ASK_PREFIX, run: (turn) => reply(turn, turn.text.replace(ASK_PREFIX, '')) },
    ],
    fallback: (turn) => reply(turn, turn.text),
    feedback(replyToId, reaction) {
      const question = answered.get(replyToId);
      if (reaction === 'dislike' && question !== undefined) answerer.forget?.(question);
    },
  };
}
