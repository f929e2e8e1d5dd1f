import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaseRepo } from '../../cases/repo.js';
import { routeOf, sampleReferral } from '../helpers/referrals.js';
import { describeInBrowser, openSession, type Session } from './playground.js';

describeInBrowser('referrals and the case board in a real client', () => {
  let s: Session;
  let made = '';
  beforeAll(async () => {
    // The bot and the seeded cases share E2E_NOW (Monday 30 November 2026) as today, on any day the test runs.
    s = await openSession({}, async (store, clock) => {
      const repo = new CaseRepo(store.db, clock);
      await repo.submit({ draftId: 'seed-1', referrer: { key: 'aad-head', name: 'Hana Head' }, referral: sampleReferral, routing: routeOf(sampleReferral) });
      const other = { ...sampleReferral, permanentlyExcluded: false, exclusionStartDate: null, lookedAfter: false, hasEhcp: true, school: 'Elm Primary', yearGroup: 4 };
      await repo.submit({ draftId: 'seed-2', referrer: { key: 'aad-head', name: 'Hana Head' }, referral: other, routing: routeOf(other) });
    });
  }, 90_000);
  afterAll(async () => s?.close());

  it('runs a referral through its cards to a case, showing what is missing next to each field', async () => {
    const p = s.page;
    const next = () => p.getByRole('button', { name: 'Continue' }).last().click();
    await p.getByText('to see this card again').first().waitFor({ timeout: 30_000 });
    await s.say('start a referral');
    await p.getByText('AP referral: The pupil').waitFor({ timeout: 20_000 });
    await p.getByLabel("Pupil's full name").last().fill('Sam Pupil');
    await next();
    await p.getByText('Date of birth is required').waitFor({ timeout: 10_000 });
    await s.shot('referral-form');
    // The date picker reads month-day-year as typed.
    await p.getByLabel('Date of birth').last().pressSequentially('03-01-2012');
    await p.keyboard.press('Tab');
    await p.getByRole('combobox', { name: 'Year group' }).last().click();
    await p.getByRole('option', { name: 'Year 9', exact: true }).click();
    await p.getByLabel('School').last().fill('Oak Academy');
    await next();
    await p.getByText('AP referral: You').waitFor({ timeout: 15_000 });
    await p.getByLabel('Your name').last().fill('Hana Head');
    await p.getByLabel('Your role').last().fill('Head teacher');
    await p.getByLabel('Email or phone for the officer to reach you').last().fill('head@oak.sch.uk');
    await next();
    await p.getByText('AP referral: What routes the referral').waitFor({ timeout: 15_000 });
    const groups = p.locator('[role="radiogroup"]');
    const n = await groups.count();
    const answers = ['No', 'No', 'Yes', 'No', 'Yes', 'No']; // EHCP, looked after, PEX, medical, on roll, reduced timetable
    for (const [i, a] of answers.entries()) await groups.nth(n - 6 + i).getByRole('radio', { name: a, exact: true }).check();
    await p.getByLabel('First day of the permanent exclusion').last().pressSequentially('11-20-2026');
    await p.keyboard.press('Tab');
    await next();
    await p.getByText('AP referral: The reason and the request').waitFor({ timeout: 15_000 });
    // The reason states a fact against a ticked box (looked after: No), so the preview asks first.
    await p.getByLabel('The reason for the referral, in your words').last().fill('Permanently excluded after an assault on a member of staff. He is accommodated under section 20.');
    await p.getByLabel('What are you asking the local authority for?').last().fill('Provision from day 6');
    await p.getByRole('checkbox', { name: 'Parents or carers have been told about this referral' }).last().check();
    await next();
    await p.getByText('Check before you send').waitFor({ timeout: 15_000 });
    await p.getByText('Please confirm one thing first').waitFor({ timeout: 15_000 });
    await s.shot('referral-preview-contradiction');
    await p.getByRole('button', { name: 'The reason is right: looked after' }).last().click();
    // Excluded from 20 November: provision for a looked-after child was due from that day, already
    // past on the bot's today (E2E_NOW, Monday 30 November 2026), whatever day the test runs.
    await p.getByText(/already overdue\. Phone the Exclusions and Reintegration Team today/).first().waitFor({ timeout: 15_000 });
    await p.getByText('What you entered').last().waitFor();
    await s.shot('referral-preview');
    // The top of the preview: the overdue deadline said once, in words, before anything else.
    await p.getByText('Check before you send').last().scrollIntoViewIfNeeded();
    await s.shot('referral-preview-top');
    await p.getByRole('button', { name: 'Send referral' }).last().click();
    const sent = p.getByText(/Referral AP-\d{4}-\d{5} sent/);
    await sent.waitFor({ timeout: 15_000 });
    made = /AP-\d{4}-\d{5}/.exec((await sent.textContent()) ?? '')![0];
    // Numbered in the bot's year, E2E_NOW's, whatever year the test runs in.
    expect(made).toMatch(/^AP-2026-/);
    // No channel is linked in the playground: the confirmation says where the case is instead.
    await p.getByText(/The team has not linked a Teams channel yet/).last().waitFor();
    await s.shot('referral-sent');
    // The referrer's list: plain words and English dates, never ISO or "(OVERDUE)".
    await s.say('cases');
    const list = p.getByText('Your open referrals').last();
    await list.waitFor({ timeout: 15_000 });
    await p.getByText(/overdue since Friday 20 November/).last().waitFor();
    expect(await p.getByText(/OVERDUE|\d{4}-\d{2}-\d{2}/).count()).toBe(0);
    await s.shot('referral-cases-list');
  }, 120_000);

  it('lists the seeded cases on the board, opens one with its routing reasons, and shows the reports', async () => {
    const board = await s.newPage();
    await board.goto(`${s.botUrl}/board/`);
    await board.getByText('AP-', { exact: false }).first().waitFor({ timeout: 20_000 });
    expect(await board.locator('#cases tbody tr').count()).toBe(3);
    await board.screenshot({ path: s.artifact('board-cases') });
    await board.locator('#cases tbody a').first().click();
    await board.getByText('Why it was routed here').waitFor();
    await board.getByText('Audit trail').waitFor();
    await board.screenshot({ path: s.artifact('board-case') });
    // The referral made in chat: the referrer's confirmation is in its audit trail; the officer accepts and closes it here.
    await board.getByRole('link', { name: made }).click();
    await board.getByText('Checked with the referrer').waitFor();
    await board.locator('#detail li', { hasText: 'confirmed with the referrer' }).first().waitFor();
    // The audit trail reads in words: rule ids stay in the stored record and the CSV.
    expect(await board.locator('#detail').textContent()).not.toMatch(/rules? [A-Z]+\d|P1|DL1/);
    await board.screenshot({ path: s.artifact('board-case-made'), fullPage: true });
    await board.getByRole('button', { name: 'Accept' }).click();
    await board.locator('#detail-heading', { hasText: 'Accepted' }).waitFor({ timeout: 10_000 });
    await board.locator('#detail li', { hasText: 'Local user · accepted' }).waitFor();
    // A question for the referrer, typed in the Fluent text area and sent.
    await board.getByRole('textbox', { name: 'Question for the referrer' }).fill('Has the school started a reintegration plan?');
    await board.getByRole('button', { name: 'Send question' }).click();
    await board.locator('#detail-heading', { hasText: 'Awaiting information' }).waitFor({ timeout: 10_000 });
    await board.locator('#detail li', { hasText: 'requested information: Has the school started a reintegration plan?' }).waitFor();
    // The outcome is a Fluent select: open it and pick the option, as an officer does.
    await board.locator('#act-outcome').click();
    await board.getByRole('option', { name: 'Placement agreed' }).click();
    await board.getByRole('button', { name: 'Close case' }).click();
    await board.locator('#detail-heading', { hasText: 'Closed: Placement agreed' }).waitFor({ timeout: 10_000 });
    await board.locator('#detail li', { hasText: 'closed: placement agreed' }).waitFor();
    await board.screenshot({ path: s.artifact('board-case-closed'), fullPage: true });
    await board.getByRole('tab', { name: 'Reports' }).click();
    await board.getByText('Cases by reason').waitFor({ timeout: 10_000 });
    // The period runs to the browser's today, which this page reads as E2E_NOW, as the bot does.
    expect(await board.locator('#to').evaluate((e) => (e as unknown as { value: string }).value)).toBe('30/11/2026');
    expect(await board.locator('canvas').count()).toBeGreaterThanOrEqual(5);
    // Three cases across teams: every count is under five, and says so.
    expect(await board.locator('#charts td', { hasText: '<5' }).count()).toBeGreaterThan(3);
    await board.screenshot({ path: s.artifact('board-reports'), fullPage: true });
    await board.close();
  }, 90_000);

  it('passes an automated accessibility check (axe, WCAG 2.2 AA) on the cases and reports views', async () => {
    const board = await s.newPage();
    await board.goto(`${s.botUrl}/board/`);
    await board.getByText('AP-', { exact: false }).first().waitFor({ timeout: 20_000 });
    await board.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const audit = () =>
      board.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ passes: unknown[]; violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
        const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } });
        // The rules that passed show the check ran; the violations are what must be empty.
        return r.passes.length > 5 ? r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`) : ['axe did not run'];
      });
    expect(await audit()).toEqual([]);
    await board.locator('#cases tbody a').first().click();
    await board.getByText('Audit trail').waitFor();
    expect(await audit()).toEqual([]);
    await board.getByRole('tab', { name: 'Reports' }).click();
    await board.getByText('Cases by reason').waitFor({ timeout: 10_000 });
    expect(await audit()).toEqual([]);
    // The dark theme (what Teams' dark mode, or a dark system setting, gets).
    await board.emulateMedia({ colorScheme: 'dark' });
    await board.reload();
    await board.getByText('AP-', { exact: false }).first().waitFor({ timeout: 20_000 });
    await board.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    expect(await audit()).toEqual([]);
    await board.screenshot({ path: s.artifact('board-dark') });
    // Teams' high-contrast theme, case detail included.
    await board.goto(`${s.botUrl}/board/?theme=contrast`);
    await board.getByText('AP-', { exact: false }).first().waitFor({ timeout: 20_000 });
    await board.locator('#cases tbody a').first().click();
    await board.getByText('Audit trail').waitFor();
    await board.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    expect(await audit()).toEqual([]);
    await board.screenshot({ path: s.artifact('board-contrast'), fullPage: true });
    await board.close();
  }, 60_000);
});
