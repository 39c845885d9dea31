/**
 * Charity funds in the staff console (A3), in a real browser (Debian's Chromium driven by
 * playwright-core) against the whole system: an admin adds a fund with the console's form, the shop
 * completes a participant's donation through the client API, and the fund's page shows its monthly
 * statement and the donation, with the CSV export. Build the console first (`npm run build:console`);
 * the selectors are the Russian labels a person sees.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { activeParticipant } from '../support/earning.js';
import { createStaff, startTestSystem, waitFor, type TestSystem } from '../support/system.js';

describe('staff console: charity funds', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    sys = await startTestSystem({ DONATION_MINIMUM: '10' });
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it("A3: an admin adds a charity fund in the console; once the shop completes a donation, the fund's page shows it in the monthly statement, with the CSV export", async () => {
    const admin = await createStaff(sys, 'admin');
    const { page, pageErrors } = await browser.newPage('A3');
    await signInToConsole(page, sys.baseUrl, admin);

    const name = `Фонд «Дети и путешествия» ${randomUUID().slice(0, 6)}`;
    await page.getByRole('menuitem', { name: /Благотворительные фонды/ }).click();
    await page.getByRole('link', { name: 'Создать' }).click();
    await page.getByRole('textbox', { name: 'Название' }).fill(name);
    await page.getByRole('textbox', { name: 'Описание' }).fill('Поездки для детей');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Поездки для детей').waitFor();
    // The form's own text can show before the save answers: wait for the stored fund.
    const rows = await waitFor(async () => {
      const found = (await sys.pool.query('SELECT id, created_by FROM charity_funds WHERE name = $1', [name])).rows;
      return found.length ? found : null;
    });
    expect(rows).toEqual([{ id: expect.any(String), created_by: admin.email }]);
    const fundId = rows[0].id as string;

    // The shop: a participant (100 welcome points) donates 60 of them, and the shop completes it.
    const anna = await activeParticipant(sys, 'donor');
    const placed = await sys.call('POST', '/api/donations', { participantId: anna.participantId, fundId, points: 60 });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const completed = await sys.call('POST', `/api/donations/${placed.body.id}/complete`);
    expect(completed.body.status).toBe('completed');

    await page.getByRole('tab', { name: 'Отчёт по месяцам' }).click();
    await page.getByText('Всего: завершённых пожертвований — 1, баллов — 60').waitFor();
    const row = page.getByRole('row').filter({ hasText: '60' }).last();
    await expect(row.textContent()).resolves.toMatch(/1\s*60\s*1/);
    await page.getByRole('button', { name: 'Отчёт (CSV)' }).waitFor();

    await page.getByRole('tab', { name: 'Пожертвования' }).click();
    await page.getByRole('row').filter({ hasText: anna.email }).filter({ hasText: 'Завершено' }).waitFor();

    // Support reads the fund but neither edits it nor exports.
    const support = await createStaff(sys, 'support');
    await signInToConsole(page, sys.baseUrl, support);
    await page.goto(`${sys.baseUrl}/admin/#/charity-funds/${fundId}/show/statement`);
    await page.getByText('Всего: завершённых пожертвований — 1, баллов — 60').waitFor();
    expect(await page.getByRole('button', { name: 'Отчёт (CSV)' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Редактировать' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
