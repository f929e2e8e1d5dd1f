import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openSession, type Session } from './playground.js';

describeInBrowser('in the Agents Playground', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  }, 90_000);
  afterAll(async () => s?.close());

  it('greets on install and answers help with the welcome card', async () => {
    await s.page.getByText('Type **help**', { exact: false }).or(s.page.getByText('to see this card again')).first().waitFor({ timeout: 30_000 });
    const before = await s.page.getByText('to see this card again').count();
    await s.say('help');
    await expect.poll(() => s.page.getByText('to see this card again').count(), { timeout: 20_000 }).toBeGreaterThan(before);
    await s.shot('help');
  }, 60_000);
});
