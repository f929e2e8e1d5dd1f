import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepo } from '../../cases/repo.js';
import { systemClock } from '../../common/clock.js';
import { routeOf, sampleReferral } from '../helpers/referrals.js';
import { e2eAvailable, openSession, type Session } from './playground.js';

describe.runIf(e2eAvailable())('referrals and the case board in a real client', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({}, async (store) => {
      const repo = new CaseRepo(store.db, systemClock);
      await repo.submit({ draftId: 'seed-1', referrer: { key: 'aad-head', name: 'Hana Head' }, referral: sampleReferral, routing: routeOf(sampleReferral) });
      const other = { ...sampleReferral, permanentlyExcluded: false, exclusionStartDate: null, lookedAfter: false, hasEhcp: true, school: 'Elm Primary', yearGroup: 4 };
      await repo.submit({ draftId: 'seed-2', referrer: { key: 'aad-head', name: 'Hana Head' }, referral: other, routing: routeOf(other) });
    });
  }, 90_000);
  afterAll(async () => s?.close());

  it('opens the referral form from chat and shows what is missing next to each field', async () => {
    await s.page.getByText('to see this card again').first().waitFor({ timeout: 30_000 });
    await s.say('start a referral');
    await s.page.getByText('AP referral: The pupil').waitFor({ timeout: 20_000 });
    await s.page.getByLabel("Pupil's full name").fill('Sam Pupil');
    await s.page.getByRole('button', { name: 'Continue' }).last().click();
    await s.page.getByText('Date of birth is required').waitFor({ timeout: 10_000 });
    await s.shot('referral-form');
  }, 60_000);

  it('lists the seeded cases on the board, opens one with its routing reasons, and shows the reports', async () => {
    const board = await s.page.context().browser()!.newPage({ viewport: { width: 1280, height: 900 } });
    await board.goto(`${s.botUrl}/board/`);
    await board.getByText('AP-', { exact: false }).first().waitFor({ timeout: 20_000 });
    expect(await board.locator('#cases tbody tr').count()).toBe(2);
    await board.screenshot({ path: s.artifact('board-cases') });
    await board.locator('#cases tbody a').first().click();
    await board.getByText('Why it was routed here').waitFor();
    await board.getByText('Audit trail').waitFor();
    await board.screenshot({ path: s.artifact('board-case') });
    await board.getByRole('button', { name: 'Reports' }).click();
    await board.getByText('Cases by reason').waitFor({ timeout: 10_000 });
    expect(await board.locator('canvas').count()).toBeGreaterThanOrEqual(5);
    await board.screenshot({ path: s.artifact('board-reports') });
    await board.close();
  }, 60_000);
});
