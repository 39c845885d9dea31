/**
 * The staff console in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole system: the API serving the built console at /admin/, the worker, Temporal and PostgreSQL.
 * Build the console first (`npm run build:console`); the selectors are the Russian labels a person sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { createStaff, registerIntermediary, startTestSystem, waitFor, type TestSystem } from '../support/system.js';

describe('staff console', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    sys = await startTestSystem();
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('R4: a support user approves a pending intermediary registration in the console and sees the participant active with 100 points', async () => {
    const staff = await createStaff(sys, 'support');
    const { participantId, email } = await registerIntermediary(sys);
    const { page, pageErrors } = await browser.newPage('R4');

    // Sign in: the console opens on the review queue.
    await signInToConsole(page, sys.baseUrl, staff);

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
