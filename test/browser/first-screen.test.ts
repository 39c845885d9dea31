/**
 * The console's first screen, as a person meets it on a fresh browser profile (issue 14): the login
 * form, or the console when signed in, is on screen within two seconds, at /admin/ and at a deep
 * link, and getting there does not fill the history with redirects to #/login (it once pushed
 * #/login thousands of times, 10–20 s of blank page: see admin-ui/src/main.tsx).
 * Build the console first (`npm run build:console`).
 */
import { cpus } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireConsoleBuild, sharedChromium } from '../support/browser.js';
import { createStaff, startTestSystem, type TestSystem } from '../support/system.js';

/** What a person waits for at most before the first screen shows (the bound). */
const FIRST_SCREEN_LIMIT_MS = 2000;
/**
 * A screen is timed up to this many times, each in a fresh context, a pause apart, and the fastest
 * counts: the integration files run side by side on few cores, so one load may wait on another
 * file's work, while the console's own slowness is there every time (the redirect loop this guards
 * against took 10–20 s at every load). What does not depend on the machine, the one push of
 * #/login, is checked at every attempt.
 */
const ATTEMPTS = 5;
const PAUSE_MS = 1000;
/**
 * Before each timing, the test waits for half the processors to be idle: this file starts after the
 * other integration files (test/support/sequencer.ts), and the files still running beside it (and the
 * unit files after it) would otherwise be timed with the console. On a slow, loaded 2-core machine the first screen took
 * 3.5–4.3 s at every attempt while four files ran, and 1.3–1.5 s alone.
 */
const QUIET_WAIT_MS = 120_000;
const QUIET_IDLE_SHARE = 0.5;

/**
 * The processors' share over the next half second that is idle or spent at a lowered priority: the
 * checks `npm test` runs beside vitest (nice 19: ESLint, Prettier, tsc; on a fresh clone ESLint runs
 * almost to the end) give the processor up to the console's timing at once, so they do not hold it.
 */
async function idleShare(): Promise<number> {
  const times = () =>
    cpus().reduce((sum, { times: t }) => ({ idle: sum.idle + t.idle + t.nice, all: sum.all + t.user + t.nice + t.sys + t.irq + t.idle }), {
      idle: 0,
      all: 0,
    });
  const before = times();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = times();
  return (after.idle - before.idle) / Math.max(1, after.all - before.all);
}

/** The file waits QUIET_WAIT_MS in all: a machine that is never quiet gets its timings measured anyway. */
let quietDeadline: number | undefined;
async function untilQuiet(): Promise<void> {
  quietDeadline ??= Date.now() + QUIET_WAIT_MS;
  while (Date.now() < quietDeadline && (await idleShare()) < QUIET_IDLE_SHARE);
}

/** The fastest of up to ATTEMPTS runs of `attempt` (each answering its elapsed ms), stopping at the first within the limit. */
async function fastest(attempt: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    await untilQuiet();
    times.push(await attempt());
    if (times[i] < FIRST_SCREEN_LIMIT_MS) break;
  }
  return Math.min(...times);
}

declare global {
  interface Window {
    /** Every history.pushState the page made, by URL (recorded by the init script below). */
    __pushed?: string[];
  }
}

describe('staff console: the first screen', () => {
  let sys: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    requireConsoleBuild();
    sys = await startTestSystem({}, { worker: false });
    browser = await sharedChromium();
  });

  afterAll(async () => {
    await sys?.close();
  });

  /**
   * A page in a browser context of its own: no cookies, no storage, no cache, like a fresh profile.
   * It records the page's uncaught errors and every entry the page pushes onto its history.
   */
  async function freshPage(): Promise<{ page: Page; pageErrors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      window.__pushed = [];
      const push = history.pushState.bind(history);
      history.pushState = (data: unknown, unused: string, url?: string | URL | null) => {
        window.__pushed!.push(String(url));
        push(data, unused, url);
      };
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { page, pageErrors, close: () => context.close() };
  }

  const pushed = (page: Page) => page.evaluate(() => window.__pushed ?? []);

  /** Opens `url` and answers how long until `shown` resolved, in ms, from the start of the navigation. */
  async function timeUntil(page: Page, url: string, shown: () => Promise<unknown>): Promise<number> {
    const started = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await shown();
    return Date.now() - started;
  }

  // Waits well past the limit, so that a slow screen is measured and reported rather than timed out.
  const loginForm = (page: Page) => page.getByRole('button', { name: 'Войти' }).waitFor({ timeout: 30_000 });

  for (const path of ['/admin/', '/admin/#/participants', '/admin/#/participants?page=2&perPage=25', '/admin/#/ledger']) {
    it(`without a session, ${path} shows the login form within two seconds, pushing #/login once`, async () => {
      const elapsed = await fastest(async () => {
        const { page, pageErrors, close } = await freshPage();
        try {
          // A first visit loads the console over the network: a fresh profile has nothing cached.
          const ms = await timeUntil(page, `${sys.baseUrl}${path}`, () => loginForm(page));
          await page.getByRole('textbox', { name: 'Email' }).waitFor();
          // Let the page settle: no further redirects pile up behind the form.
          await page.waitForTimeout(500);
          expect(page.url()).toMatch(/#\/login$/);
          expect(await pushed(page)).toEqual(['#/login']);
          expect(pageErrors).toEqual([]);
          return ms;
        } finally {
          await close();
        }
      });
      expect(elapsed).toBeLessThan(FIRST_SCREEN_LIMIT_MS);
    });
  }

  it('signed in, a deep link shows the console within two seconds; an expired session and signing out each show the login form once', async () => {
    const staff = await createStaff(sys, 'support');
    const { page, pageErrors, close } = await freshPage();
    try {
      await page.goto(`${sys.baseUrl}/admin/#/participants`);
      await page.getByRole('textbox', { name: 'Email' }).fill(staff.email);
      await page.getByRole('textbox', { name: 'Пароль' }).fill(staff.password);
      await page.getByRole('button', { name: 'Войти' }).click();
      // After signing in, the console returns to the deep link that asked for it.
      await page.getByRole('heading', { name: 'Участники' }).waitFor();

      // A deep link in a new tab of the signed-in profile: the session is the cookie, nothing else.
      const newTab = async () => {
        const opened = await page.context().newPage();
        opened.on('pageerror', (error) => pageErrors.push(error.message));
        return opened;
      };
      let tab = await newTab();
      const elapsed = await fastest(async () => {
        if (tab.url() !== 'about:blank') {
          await tab.close();
          tab = await newTab();
        }
        const ms = await timeUntil(tab, `${sys.baseUrl}/admin/#/participants`, () =>
          tab.getByRole('heading', { name: 'Участники' }).waitFor({ timeout: 30_000 }),
        );
        expect(await pushed(tab)).toEqual([]);
        return ms;
      });
      expect(elapsed).toBeLessThan(FIRST_SCREEN_LIMIT_MS);

      // The session ends behind the console's back (the cookie gone): the next request's 401 leads to the form, once.
      await page.context().clearCookies();
      await tab.getByRole('menuitem', { name: /Мероприятия/ }).click();
      await loginForm(tab);
      await tab.waitForTimeout(500);
      expect((await pushed(tab)).filter((url) => url === '#/login')).toHaveLength(1);

      // Signing out: the login form at once, pushed once.
      await tab.getByRole('textbox', { name: 'Email' }).fill(staff.email);
      await tab.getByRole('textbox', { name: 'Пароль' }).fill(staff.password);
      await tab.getByRole('button', { name: 'Войти' }).click();
      await tab.getByRole('heading', { name: 'Мероприятия' }).waitFor();
      await tab.getByRole('button', { name: 'Профиль' }).click();
      await tab.getByRole('menuitem', { name: 'Выйти' }).click();
      await loginForm(tab);
      await tab.waitForTimeout(500);
      expect((await pushed(tab)).filter((url) => url === '#/login')).toHaveLength(2);
      expect(pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});
