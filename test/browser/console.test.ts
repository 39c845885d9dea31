/**
 * The staff console in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole system: the API serving the built console at /admin/, the worker, Temporal and PostgreSQL.
 * Build the console first (`npm run build:console`); the selectors are the Russian labels a person sees.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { consoleDir } from '../../api/app.js';
import { createStaff, registerIntermediary, startTestSystem, waitFor, type TestSystem } from '../support/system.js';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('staff console', () => {
  let sys: TestSystem;
  let profileDir: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    if (!existsSync(join(consoleDir, 'index.html'))) throw new Error(`No console build in ${consoleDir}: run npm run build:console`);
    sys = await startTestSystem();
    profileDir = await mkdtemp(join(tmpdir(), 'console-test-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', args: chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  it('R4: a support user approves a pending intermediary registration in the console and sees the participant active with 100 points', async () => {
    const staff = await createStaff(sys, 'support');
    const { participantId, email } = await registerIntermediary(sys);
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    onTestFailed(async () => {
      const path = `/tmp/console-R4-failure-${Date.now()}.png`;
      await page.screenshot({ path, fullPage: true });
      console.error(`screenshot: ${path}; page errors: ${pageErrors.join(' | ') || 'none'}`);
    });

    // Sign in: the console opens on the review queue.
    await page.goto(`${sys.baseUrl}/admin/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(staff.email);
    await page.getByRole('textbox', { name: 'Пароль' }).fill(staff.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Проверки' }).waitFor();

    // The queue lists the oldest first; newest first puts this registration on the first page.
    await page.getByRole('button', { name: 'Поступила' }).click();
    await page.getByRole('cell', { name: email }).click();

    // The review shows the registration and its letter, fetched with the session's token.
    await page.getByText('Посредник: проверьте письмо агентства').waitFor();
    await page.getByText('letter.pdf').waitFor();
    expect(await page.getByLabel('letter.pdf').getAttribute('data')).toMatch(/^blob:/);
    expect(await page.getByRole('link', { name: 'Скачать' }).getAttribute('href')).toMatch(/^blob:/);

    await page.getByRole('button', { name: 'Одобрить' }).click();
    await page.getByText('Регистрация одобрена').waitFor();
    await page.locator('.ra-field-status').getByText('Одобрена', { exact: true }).waitFor();

    // The participant's workflow activates the registration: reload until the card says so.
    await page.getByRole('link', { name: 'Карточка участника' }).click();
    await page.waitForURL(new RegExp(`/participants/${participantId}/show`));
    const status = page.locator('.ra-field-status');
    await waitFor(async () => {
      await status.waitFor();
      if ((await status.textContent())?.includes('Активен')) return true;
      await page.reload();
      return false;
    });
    await page.locator('.ra-field-balance').getByText('100', { exact: true }).waitFor();
    await page.locator('.ra-field-email').getByText(email).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
