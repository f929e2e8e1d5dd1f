import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openSession, type Session } from './playground.js';

describeInBrowser('asking a guidance question in the Agents Playground', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  }, 90_000);
  afterAll(async () => s?.close());

  it('shows the answer with its paragraph citation', async () => {
    await s.page.getByText('to see this card again').first().waitFor({ timeout: 30_000 });
    await s.say('when must provision start after a permanent exclusion?');
    await s.page.getByText('sixth day of the exclusion', { exact: false }).first().waitFor({ timeout: 30_000 });
    await expect.poll(async () => s.page.getByText('Hillingdon AP Guidance 2024/25, 5.6', { exact: false }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await s.shot('ask-answer');
  }, 90_000);
});
