import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { fixedClock, type Clock } from '../../common/clock.js';
import { fromRoot } from '../../common/paths.js';
import { startPlayground } from '../../scripts/play.js';
import { Store } from '../../store/store.js';
import { CHROMIUM, browserSkipReason } from '../helpers/skips.js';

/**
 * The day the end-to-end tests live in, whatever day they run: Monday 30 November 2026, 09:00 UTC.
 * The bot's clock starts here (TEST_ONLY_CLOCK_START), data is seeded at this instant, and the
 * board's pages read it as now, so deadlines and "overdue since …" read the same on any day.
 */
export const E2E_NOW = '2026-11-30T09:00:00Z';

/** A browser suite: reported as skipped, with the reason in its name, where there is no browser. */
export function describeInBrowser(title: string, body: () => void): void {
  const why = browserSkipReason();
  describe.skipIf(why !== undefined)(why ? `${title} (skipped: ${why})` : title, body);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Session {
  page: Page;
  botUrl: string;
  playgroundUrl: string;
  /** Types a message in the playground's compose box and sends it. */
  say(text: string): Promise<void>;
  /** Saves a screenshot under test-artifacts/ for a person to look at. */
  shot(name: string): Promise<string>;
  /** Where a screenshot of that name goes. */
  artifact(name: string): string;
  /** Another page in the same browser (the case board), whose clock reads E2E_NOW as now, as the bot's does. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The real bot, the Agents Playground pointed at it, and headless Chromium driving the playground. */
export async function openSession(env: Record<string, string> = {}, seed?: (store: Store, clock: Clock) => Promise<void>): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), 'ap-e2e-'));
  if (seed) {
    const clock = fixedClock(E2E_NOW);
    const store = await Store.open({ kind: 'sqlite', path: join(dir, 'e2e.db') }, { clock });
    await seed(store, clock);
    await store.close();
  }
  const play = await startPlayground({
    port: 0,
    playgroundPort: await freePort(),
    env: { LOG_LEVEL: 'silent', SQLITE_PATH: join(dir, 'e2e.db'), TEST_ONLY_CLOCK_START: E2E_NOW, ...env },
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The playground's first page load took over 30 s when several test runs shared two cores.
    await page.goto(play.playgroundUrl, { timeout: 60_000 });
    const box = page.locator('[contenteditable="true"][role="textbox"]').first();
    await box.waitFor({ timeout: 30_000 });
    const artifacts = fromRoot('test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    const b = browser;
    return {
      page,
      botUrl: play.botUrl,
      playgroundUrl: play.playgroundUrl,
      async say(text) {
        await box.click();
        await page.keyboard.type(text);
        await page.keyboard.press('Enter');
      },
      artifact: (name) => join(artifacts, `${name}.png`),
      async newPage() {
        const board = await b.newPage({ viewport: { width: 1280, height: 900 } });
        // The board's Reports period defaults to the year up to the browser's today.
        await board.clock.install({ time: new Date(E2E_NOW) });
        return board;
      },
      async shot(name) {
        const path = join(artifacts, `${name}.png`);
        await page.screenshot({ path, fullPage: false });
        return path;
      },
      async close() {
        await b.close();
        await play.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await play.close();
    throw e;
  }
}
