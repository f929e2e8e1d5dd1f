import { caseBoard } from '../board/api.js';
import { boardAuthenticator } from '../board/auth.js';
import { caseBoardSource } from '../board/case-source.js';
import { OutboxWorker } from '../cases/outbox.js';
import { sendDueReminders } from '../cases/reminders.js';
import { purgeOncePerDay } from '../cases/retention.js';
import { CaseRepo, teamName } from '../cases/repo.js';
import { teamMembers } from '../cases/members.js';
import type { Clock } from '../common/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import { buildAnswerer } from '../knowledge/build.js';
import type { KnowledgeBase } from '../knowledge/kb.js';
import { toTeamsReply } from '../cards/teams-citations.js';
import { Drafts, routeReferral } from '../referrals/drafts.js';
import { CasePermissions } from '../cases/permissions.js';
import type { Store } from '../store/store.js';
import type { CloudAdapter } from 'botbuilder';
import type { Feature } from './feature.js';
import { askFeature } from './features/ask.js';
import { walkthroughFeature } from './features/walkthrough.js';
import { referralFormCard } from '../cards/referral-form.js';
import { referralsFeature } from './features/referrals.js';
import { createDelivery } from './proactive.js';

export interface FeatureDeps {
  config: Config;
  store: Store;
  logger: Logger;
  clock: Clock;
  /** The indexed corpus, when built already (the server builds it before assembling). */
  kb?: KnowledgeBase;
}

/**
 * Every capability the bot has (in the order the welcome card lists them), the case board, and
 * the background delivery of case messages, which needs the adapter once the server exists.
 */
export function assemble(deps: FeatureDeps) {
  const { config, store, clock, logger } = deps;
  const answerer = buildAnswerer({ homeAuthority: config.homeAuthority, llm: config.llm, cacheSize: config.answerCacheSize, cacheMs: config.answerCacheMs, log: logger, kb: deps.kb });
  const cases = new CaseRepo(store.db, clock);
  const drafts = new Drafts(store.db, clock, (referral, confirmations, today) => routeReferral(referral, confirmations, today, config.homeAuthority));
  const members = teamMembers(store);
  const permissions = new CasePermissions(cases, config.officerAadIds, { adminAadIds: config.laAdminAadIds, tenantId: config.laTenantId, requireTenant: config.credentials.kind !== 'none' });
  const features: Feature[] = [
    referralsFeature({ drafts, cases, permissions, clock, homeAuthority: config.homeAuthority, members }),
    walkthroughFeature({
      store,
      kb: answerer.kb,
      clock,
      homeAuthority: config.homeAuthority,
      async startReferral(userKey, prefill) {
        // An unfinished referral draft is kept: the walkthrough's answers start a new one.
        const draft = await drafts.create(userKey, prefill);
        return referralFormCard({ draftId: draft.id, version: draft.version, section: 'pupil', values: draft.values });
      },
    }),
    // Guidance questions take whatever no command claims, so this comes last.
    askFeature({ answer: (q) => answerer.answer(q), recent: (q) => answerer.recentAnswer(q), forget: (q) => void answerer.forget(q), toReply: toTeamsReply }),
  ];
  const board = caseBoard({
    authenticate: boardAuthenticator({
      appId: config.credentials.kind === 'none' ? undefined : config.credentials.appId,
      publicHost: config.publicUrl ? new URL(config.publicUrl).host : undefined,
      tenantId: config.credentials.kind !== 'none' && config.credentials.appType !== 'MultiTenant' ? config.credentials.tenantId : undefined,
    }),
    source: caseBoardSource(cases, clock, permissions),
  });
  let lastReminderCheck = 0;
  const startWorker = (adapter: CloudAdapter) => {
    const appId = config.credentials.kind === 'none' ? '' : config.credentials.appId;
    const worker = new OutboxWorker(store.db, createDelivery({ adapter, appId, store, repo: cases, clock, members }), clock, {
      leaseMs: config.outboxLeaseMs,
      onStale: async (row) => {
        if (row.target.startsWith('team:')) {
          const team = row.target.slice(5);
          const link = await cases.linkFor(team);
          await store.db.updateTable('channel_links').set({ stale: 1 }).where('team', '=', team).execute();
          // Only news is worth a message: the referrer was told "being posted to their channel"
          // when a working link existed; with no link, or one already known unreachable, the
          // confirmation already said where the case is.
          if (row.kind === 'case_card' && link && !link.stale) {
            const c = await cases.get(row.case_id);
            if (c) await cases.enqueue(store.db, c.id, `user:${c.referrerKey}`, 'referrer_notice', { text: `Your referral ${c.reference} could not be posted to the ${teamName(team)}'s channel in Teams: the channel no longer answers. The case is on the team's case board, and will be posted to their channel when they link it again. I will tell you when it is.` });
          }
        }
      },
      onDelivered: async (row) => {
        // A case card that waited for a channel is news for the referrer: it has now arrived.
        if (row.kind === 'case_card' && row.last_error?.startsWith('channel answered') && row.target.startsWith('team:')) {
          const c = await cases.get(row.case_id);
          if (c) await cases.enqueue(store.db, c.id, `user:${c.referrerKey}`, 'referrer_notice', { text: `Your referral ${c.reference} has now been posted to the ${teamName(c.routing.primary)}'s channel in Teams.` });
        }
      },
    });
    const tick = async () => {
      // Reminders are checked hourly; the (case, day) key keeps them to one a day across instances.
      if (clock.now().getTime() - lastReminderCheck > 3_600_000) {
        lastReminderCheck = clock.now().getTime();
        await sendDueReminders(cases, clock);
        // Retention: once a day across instances (the first to record the day runs it).
        const purged = await purgeOncePerDay(store, clock, config.retention);
        if (purged) logger.info({ draftsDeleted: purged.draftsDeleted, casesReduced: purged.casesReduced }, 'retention purge');
      }
    };
    worker.start(config.outboxPollMs, (e) => logger.error({ err: { name: (e as Error).name } }, 'outbox delivery pass failed'));
    const reminders = setInterval(() => void tick().catch(() => undefined), Math.max(config.outboxPollMs, 1000));
    void tick().catch(() => undefined);
    return async () => {
      clearInterval(reminders);
      await worker.stop();
    };
  };
  return { features, board, startWorker, cases, drafts };
}
