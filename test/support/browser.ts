/**
 * The browser tests' Chromium: Debian's chromium driven by playwright-core, headless, against
 * the built console that the test system's API serves at /admin/. The selectors are the Russian labels
 * a person sees.
 *
 * One Chromium per test process: the integration project runs file after file in a process
 * (vitest.config.ts, `isolate: false`), and each file gets a fresh browser context of its own (no
 * cookies, storage or cache of another file's), closed after it. Starting Chromium is about half a
 * CPU-second of its browser, GPU and network processes, once per process instead of once per file.
 * Playwright closes the browser when the process ends.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { consoleDir } from '../../api/app.js';
import { waitFor } from './system.js';

/**
 * Debian's Chromium itself, not its /usr/bin/chromium launcher script, which adds Debian's default
 * flags (GPU rasterization among them: emulated in software here, it costs CPU for nothing).
 */
export const chromiumExecutable = existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';

/**
 * Playwright's own `--disable-features` list (playwright-core 1.65). Chromium reads one such switch, the
 * last, so the list below carries it whole, and Playwright's is dropped from the defaults (ignoreDefaultArgs).
 * Should an upgrade of Playwright change its list, the string dropped no longer matches and the browser
 * would get two switches: sharedChromium() then stops with the list to copy here.
 */
const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * The address bar's popups: WebUI pages that every browser window (one per test's context) preloads in a
 * renderer of its own, never seen headless. They took 14 of the browser tests' 180 CPU-seconds.
 */
const unusedFeatures = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/**
 * V8's optimising tiers in the pages: up to Maglev, without TurboFan (`--max-opt=2`). A test's page lives
 * seconds, and TurboFan spent more compiling the console's hot code than it saved in running it: the
 * browser files' Chromium used 184 and 186 CPU-seconds without it (two runs), against 190 to 200 with it (three,
 * interleaved, on one machine). Stopping at Sparkplug (`--max-opt=1`) saved nothing (200). The first
 * screen is timed in this browser too (first-screen.test.ts): a first load runs little code often enough
 * for TurboFan to take it up.
 */
const jsFlags = '--max-opt=2';

/** Headless, no GPU: software raster and compositing (about a tenth less CPU than emulating GPU compositing). */
const launchOptions = {
  executablePath: chromiumExecutable,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-gpu-compositing',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--js-flags=${jsFlags}`,
    `--disable-features=${[...playwrightDisabledFeatures, ...unusedFeatures].join(',')}`,
  ],
  ignoreDefaultArgs: [`--disable-features=${playwrightDisabledFeatures.join(',')}`],
};

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
  /** Closes the context and its pages (the process's Chromium stays for the next file). */
  close(): Promise<void>;
}

let processBrowser: Promise<Browser> | null = null;

/**
 * Runs in every page before its scripts: in the console, a style sheet that stops every animation and
 * transition (the console's policy allows inline styles; the link pages' does not, and keeps its own).
 */
function stopAnimations(): void {
  if (!location.pathname.startsWith('/admin/')) return;
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
  document.addEventListener('DOMContentLoaded', () => document.head.append(style), { once: true });
}

/** This process's Chromium, started on first use (and again if it went away). */
export function sharedChromium(): Promise<Browser> {
  processBrowser ??= chromium.launch(launchOptions).then(
    (browser) => {
      browser.on('disconnected', () => (processBrowser = null));
      checkOneFeatureSwitch();
      return browser;
    },
    (err: unknown) => {
      processBrowser = null;
      throw err;
    },
  );
  return processBrowser;
}

/**
 * Stops when a Chromium this process started got more than one `--disable-features` switch (see
 * playwrightDisabledFeatures): the last would silently undo Playwright's.
 */
function checkOneFeatureSwitch(): void {
  for (const commandLine of childCommandLines()) {
    const switches = commandLine.filter((arg) => arg.startsWith('--disable-features='));
    if (commandLine.includes(chromiumExecutable) && switches.length > 1) {
      throw new Error(`Playwright's default --disable-features changed; copy its list to test/support/browser.ts: ${switches[0]}`);
    }
  }
}

/** The command lines of this process's child processes (Linux). */
function childCommandLines(): string[][] {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return ''; // a thread or process gone since
    }
  };
  return readdirSync(`/proc/${process.pid}/task`)
    .flatMap((thread) => read(`/proc/${process.pid}/task/${thread}/children`).split(' ').filter(Boolean))
    .map((pid) => read(`/proc/${pid}/cmdline`).split('\0'));
}

/** A fresh browser context (a clean profile: no cookies, storage or cache) in this process's Chromium. */
export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  const context = await (await sharedChromium()).newContext({ reducedMotion: 'reduce' });
  // No animations or transitions: a spinner or a skeleton that pulses makes Chromium draw 60 frames a
  // second in software for as long as it shows, CPU the tests' servers need. What a test checks (text,
  // roles, state) does not move; the first screen is timed as a person meets it (first-screen.test.ts).
  await context.addInitScript(stopAnimations);
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
    },
  };
}

/**
 * Signs in to the console at `baseUrl` as `staff` from a deep link to the review queue, where the
 * tests begin: after signing in the console returns to it, and the dashboard (its charts and
 * figures, test/browser/dashboard.test.ts) is not drawn for every test. Any
 * earlier session of the browser's shared profile is dropped first (its cookies). Checks that the
 * session is what the API set, an HttpOnly SameSite=Strict cookie on /admin, and that the console
 * kept nothing of it in localStorage.
 */
export async function signInToConsole(page: Page, baseUrl: string, staff: { email: string; password: string }): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/admin/#/reviews`);
  await page.getByRole('textbox', { name: 'Email' }).fill(staff.email);
  await page.getByRole('textbox', { name: 'Пароль' }).fill(staff.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  // Signed in, the console returns to the deep link; a page that was already at #/login before it
  // came (a test's own first look) returns to the dashboard instead. The menu opens the queue either way.
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
