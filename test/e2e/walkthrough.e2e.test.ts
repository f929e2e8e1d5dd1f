import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openSession, type Session } from './playground.js';

describeInBrowser('a short graduated approach walkthrough in the Agents Playground', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  }, 90_000);
  afterAll(async () => s?.close());

  const next = () => s.page.getByRole('button', { name: 'Next' }).last().click();
  const pick = (label: string) => s.page.getByRole('radio', { name: label, exact: true }).last().check();

  it('walks through the steps to a recommendation with its citation', async () => {
    const p = s.page;
    await p.getByText('to see this card again').first().waitFor({ timeout: 30_000 });
    await s.say('graduated approach');
    await p.getByText('Assess: The pupil').waitFor({ timeout: 20_000 });
    // Nothing filled in: each input says what it needs in its own words (a box is written in, a choice chosen).
    await next();
    await p.getByText('Write an answer').last().waitFor({ timeout: 10_000 });
    await p.getByText('Choose an answer').last().waitFor();
    await s.shot('walkthrough-missing-answers');
    await p.getByLabel("Pupil's initials").last().fill('AB');
    await p.getByRole('combobox', { name: 'Year group' }).last().click();
    await p.getByRole('option', { name: 'Year 8', exact: true }).click();
    await pick('Social, emotional and mental health');
    await next();
    await p.getByText('Assess: The concern').waitFor({ timeout: 15_000 });
    await pick('Falling');
    await pick('Serious or escalating');
    await pick('At risk of permanent exclusion');
    await next();
    await p.getByText("Assess: The pupil's status").waitFor({ timeout: 15_000 });
    const radios = p.locator('[role="radiogroup"]');
    const n = await radios.count();
    // Status: no EHC plan, looked after, no medical needs, on roll (the last four groups).
    await radios.nth(n - 4).getByRole('radio', { name: 'No', exact: true }).check();
    await radios.nth(n - 3).getByRole('radio', { name: 'Yes', exact: true }).check();
    await radios.nth(n - 2).getByRole('radio', { name: 'No', exact: true }).check();
    await radios.nth(n - 1).getByRole('radio', { name: 'Yes', exact: true }).check();
    await next();
    await p.getByText('Plan: The plan').waitFor({ timeout: 15_000 });
    const rp = p.locator('[role="radiogroup"]');
    const np = await rp.count();
    await rp.nth(np - 2).getByRole('radio', { name: 'Yes', exact: true }).check();
    await pick('Yes, both');
    await next();
    await p.getByText('Do: What has been done').waitFor({ timeout: 15_000 });
    await pick('In place');
    await pick('In place and reviewed, with the evidence recorded');
    const r2 = p.locator('[role="radiogroup"]');
    const m = await r2.count();
    await r2.nth(m - 1).getByRole('radio', { name: 'Yes', exact: true }).check();
    await next();
    await p.getByText('Review: Review').waitFor({ timeout: 15_000 });
    await pick('No, or things are worse');
    await next();
    // A looked-after pupil at risk of exclusion: the Virtual School first, then a placement, each with quotes.
    await p.getByText('Recommendation for AB').waitFor({ timeout: 15_000 });
    await p.getByText('Talk to the Virtual School first, then refer').waitFor();
    await p.getByText('Hillingdon AP Guidance 2024/25, 11.4', { exact: false }).first().waitFor();
    // Every quote is whole: it ends with its sentence, or with "…" right after a clause.
    const quotes = (await p.getByText(/^Hillingdon AP Guidance 2024\/25, [\d.]+: "/).allTextContents()).map((t) => t.slice(t.indexOf('"')));
    expect(quotes.length).toBeGreaterThan(1);
    for (const q of quotes) expect(q, q).toMatch(/(?:[.!?)]|[a-z]…)"$/);
    await s.shot('walkthrough-recommendation');
    // Starting the referral sends a new card; the recommendation stays in the chat above it.
    await p.getByRole('button', { name: 'Start the referral with these answers' }).last().click();
    await p.getByText('AP referral: The pupil').last().waitFor({ timeout: 20_000 });
    await p.getByText('Recommendation for AB').first().waitFor();
    await p.getByText('The referral form is in the next message').first().waitFor();
    expect(await p.getByRole('button', { name: 'Start the referral with these answers' }).count()).toBe(0);
    await s.shot('walkthrough-referral-started');
    await p.getByText('Recommendation for AB').first().scrollIntoViewIfNeeded();
    await s.shot('walkthrough-recommendation-kept');
  }, 120_000);
});
