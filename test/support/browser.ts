/**
 * The browser tests' Chromium: Debian's /usr/bin/chromium driven by playwright-core, headless, in a
 * fresh profile folder, against the built console that the test system's API serves at /admin/.
 * The selectors are the Russian labels a person sees.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { consoleDir } from '../../api/app.js';
import { waitFor } from './system.js';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Stops a browser test early when the console has not been built (`npm run build:console`). */
export function requireConsoleBuild(): void {
  if (!existsSync(join(consoleDir, 'index.html'))) throw new Error(`No console build in ${consoleDir}: run npm run build:console`);
}

export interface ConsoleBrowser {
  context: BrowserContext;
  /**
   * A new page that records the page's uncaught errors and CSP violations and, if the test fails, leaves a full-page
   * screenshot at /tmp/console-<tag>-failure-<time>.png. Call it inside the test.
   */
  newPage(tag: string): Promise<{ page: Page; pageErrors: string[] }>;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/** Chromium with a persistent context in a fresh temporary profile. */
export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  const profileDir = await mkdtemp(join(tmpdir(), 'console-test-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', args: chromiumArgs });
  } catch (err) {
    await rm(profileDir, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    async newPage(tag) {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // Anything the Content-Security-Policy blocked is a fault of the console (or of the policy).
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
      });
      onTestFailed(async () => {
        const path = `/tmp/console-${tag}-failure-${Date.now()}.png`;
        await page.screenshot({ path, fullPage: true });
        console.error(`screenshot: ${path}; page errors: ${pageErrors.join(' | ') || 'none'}`);
      });
      return { page, pageErrors };
    },
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in to the console at `baseUrl` as `staff`: the console opens on its dashboard, then the
 * helper opens the review queue, where the tests begin. Any
 * earlier session of the browser's shared profile is dropped first (its cookies). Checks that the
 * session is what the API set, an HttpOnly SameSite=Strict cookie on /admin, and that the console
 * kept nothing of it in localStorage.
 */
export async function signInToConsole(page: Page, baseUrl: string, staff: { email: string; password: string }): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/admin/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(staff.email);
  await page.getByRole('textbox', { name: 'Пароль' }).fill(staff.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Обзор' }).waitFor();
  await page.getByRole('menuitem', { name: /Проверки/ }).click();
  await page.getByRole('heading', { name: 'Проверки' }).waitFor();
  const session = (await page.context().cookies(`${baseUrl}/admin/`)).find((c) => c.name === 'bk_staff_session');
  if (!session?.httpOnly || session.sameSite !== 'Strict' || session.path !== '/admin') {
    throw new Error(`the console's session is not an HttpOnly SameSite=Strict cookie on /admin: ${JSON.stringify(session)}`);
  }
  const stored = await page.evaluate(() => Object.keys(localStorage).length);
  if (stored > 0) throw new Error('the console keeps something in localStorage');
}

/** Reloads the page until `target` shows (a list fetched once does not refresh by itself). */
export async function untilShown(page: Page, target: Locator, timeoutMs: number): Promise<void> {
  await waitFor(async () => {
    const shown = await target
      .first()
      .waitFor({ timeout: 5000 })
      .then(
        () => true,
        () => false,
      );
    if (!shown) await page.reload();
    return shown;
  }, timeoutMs);
}
