/**
 * Partners in the staff console (A2), in a real browser against the whole system: an admin adds a
 * partner with the console's form and creates its API client (the key shown once); the partner posts
 * an accrual with that key; the partner's page shows the accrual credited and the month's statement
 * with what the partner owes. Build the console first (`npm run build:console`); the selectors are the
 * Russian labels a person sees.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { insertActiveParticipants } from '../../db/participants.js';
import { createStaff, startTestSystem, waitFor, type TestSystem } from '../support/system.js';

describe('staff console: partners', () => {
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

  it("A2: an admin adds a partner and its API client in the console; the partner's accrual shows credited, and the month's statement what the partner owes", async () => {
    const admin = await createStaff(sys, 'admin');
    const { page, pageErrors } = await browser.newPage('A2');
    await signInToConsole(page, sys.baseUrl, admin);

    const name = `Сеть отелей ${randomUUID().slice(0, 6)}`;
    await page.getByRole('menuitem', { name: /Партнёры/ }).click();
    await page.getByRole('link', { name: 'Создать' }).click();
    await page.getByRole('textbox', { name: 'Партнёр' }).fill(name);
    await page.getByRole('spinbutton', { name: 'Баллов за каждые 100 ₽' }).fill('2');
    // No pending period: the accrual is credited at once.
    await page.getByRole('spinbutton', { name: 'Срок ожидания, суток' }).fill('0');
    await page.getByRole('spinbutton', { name: 'Цена балла для партнёра, ₽' }).fill('0.5');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('2 балл. за каждые 100 ₽ (с округлением вниз)').waitFor();
    const { rows } = await sys.pool.query('SELECT id, price_per_point_kopecks, pending_period_ms FROM partners WHERE name = $1', [name]);
    expect(rows).toEqual([{ id: expect.any(String), price_per_point_kopecks: 50, pending_period_ms: 0 }]);
    const partnerId = rows[0].id as string;

    await page.getByRole('tab', { name: 'API-клиенты' }).click();
    await page.getByRole('button', { name: 'Создать API-клиента' }).click();
    const key = await page.getByRole('textbox', { name: 'API-ключ' }).inputValue();
    expect(key).toMatch(/^bk_/);
    await page.getByRole('button', { name: 'Закрыть' }).click();

    // The partner's system posts a stay of 12 500 ₽ for a participant.
    const tag = randomUUID().slice(0, 8);
    const email = (await insertActiveParticipants(sys.pool, 1, tag))(1);
    const transactionId = `H-${tag}`;
    const posted = await sys.call(
      'POST',
      '/api/partner/accruals',
      { transactionId, email, date: new Date().toISOString().slice(0, 10), amount: 12_500 },
      { apiKey: key },
    );
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    await waitFor(
      async () => (await sys.call('GET', `/api/partner/accruals/${transactionId}`, undefined, { apiKey: key })).body.status === 'credited',
    );

    await page.getByRole('tab', { name: 'Начисления' }).click();
    await page.getByRole('row').filter({ hasText: transactionId }).filter({ hasText: 'Зачислено' }).waitFor();
    await page.getByRole('tab', { name: 'Отчёт за месяц' }).click();
    await page.getByText(/начислений — 1 \(250 балл\.\).*к оплате 125\.00 ₽/).waitFor();
    await page.getByRole('button', { name: 'Отчёт (CSV)' }).waitFor();
    expect(await sys.pool.query('SELECT count(*)::int AS n FROM api_clients WHERE partner_id = $1', [partnerId])).toMatchObject({
      rows: [{ n: 1 }],
    });

    // A4: the participant claims a stay the partner never posted; the reviewer has the partner's accruals and statement at hand.
    const claim = await sys.call('POST', '/api/partner-claims', {
      email,
      partnerId,
      reference: `H-${tag}-2`,
      date: new Date().toISOString().slice(0, 10),
      amount: 5_000,
      statement: 'Вторая ночь не начислена',
    });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    await page.goto(`${sys.baseUrl}/admin/#/claims/${claim.body.id}/show`);
    await page.getByText('Что партнёр передал по участнику').waitFor();
    await page.getByRole('row').filter({ hasText: transactionId }).filter({ hasText: 'Зачислено' }).waitFor();
    await page.getByText(/к оплате 125\.00 ₽/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
