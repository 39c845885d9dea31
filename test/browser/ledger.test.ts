/**
 * The shop and the points ledger in the staff console, in a real browser (Debian's Chromium driven
 * by playwright-core) against the whole system: the API serving the built console at /admin/, the
 * worker with the orders' workflows, Temporal and PostgreSQL. Build the console first
 * (`npm run build:console`); the selectors are the Russian labels a person sees.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdById } from '../../db/ledger.js';
import { lotsOf, participantLedger } from '../../db/ledger-reads.js';
import { orderById } from '../../db/orders.js';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { activeParticipant } from '../support/earning.js';
import { PDF_LETTER, createStaff, signIn, startTestSystem, type TestSystem } from '../support/system.js';

describe('staff console: shop and ledger', () => {
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

  it('R17: support opens an order from the review queue, sees its document and approves it; once the shop completes it, the points tab shows the spend and the next expiry', async () => {
    const [support, admin] = await Promise.all([createStaff(sys, 'support'), createStaff(sys, 'admin')]);
    const [supportToken, adminToken] = await Promise.all([signIn(sys, support), signIn(sys, admin)]);
    const asStaff = (token: string, method: string, path: string, body?: unknown) =>
      sys.call(method, `/admin/api${path}`, body, { apiKey: null, token });

    // An active participant (100 welcome points) given 600 more by support: 700, above the first-order minimum (R16).
    const anna = await activeParticipant(sys, 'shopper');
    const adjusted = await asStaff(supportToken, 'POST', `/participants/${anna.participantId}/adjustments`, {
      amount: 600,
      reason: 'Приз за конкурс',
    });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(201);
    expect(adjusted.body).toEqual({ balance: 700 });

    // A catalog item (admins only), then an order through the client API with the affiliation check (R17).
    const sku = `CAP-${randomUUID().slice(0, 8)}`;
    const item = await asStaff(adminToken, 'POST', '/catalog', { sku, title: `Кепка ${sku}`, pricePoints: 300, stock: 5 });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const placed = await sys.call('POST', '/api/orders', { participantId: anna.participantId, sku, quantity: 1, affiliationCheck: true });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = placed.body as { id: string; holdId: string; status: string };
    expect(order.status).toBe('awaiting_documents');

    // The shop uploads the employment certificate: the order waits for a reviewer.
    const form = new FormData();
    form.append('documents', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'справка.pdf');
    const uploaded = await sys.call('POST', `/api/orders/${order.id}/documents`, form);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.status).toBe('awaiting_review');

    const { page, pageErrors } = await browser.newPage('R17');
    await signInToConsole(page, sys.baseUrl, support);

    // The orders queue in the menu lists the orders awaiting review, oldest first; newest first puts this one on the first page.
    await page.getByRole('menuitem', { name: /Заказы/ }).click();
    await page.getByRole('heading', { name: 'Заказы' }).waitFor();
    await page.getByRole('button', { name: 'Оформлен' }).click();
    await page.getByRole('cell', { name: anna.email }).click();
    await page.waitForURL(new RegExp(`/orders/${order.id}/show`));

    // The order: what, how many, for how many points, waiting for review, with its document fetched with the session's token.
    await page.locator('.ra-field-status').getByText('Ждёт проверки', { exact: true }).waitFor();
    await page.locator('.ra-field-item_title').getByText(`Кепка ${sku}`).waitFor();
    await page.locator('.ra-field-quantity').getByText('1', { exact: true }).waitFor();
    await page.locator('.ra-field-total_points').getByText('300', { exact: true }).waitFor();
    await page.locator('.ra-field-hold_status').getByText('Зарезервированы', { exact: true }).waitFor();
    await page.getByText('Подтверждение работы в агентстве: справка.pdf').waitFor();
    expect(await page.getByLabel('справка.pdf').getAttribute('data')).toMatch(/^blob:/);

    // The approval is final: a dialog first says what it will do with the order's 300 held points.
    await page.getByRole('button', { name: 'Одобрить' }).click();
    const approval = page.getByRole('dialog');
    await approval
      .getByTestId('decision-consequence')
      .getByText('Заказ будет ждать оплаты в магазине; когда магазин подтвердит заказ, 300 зарезервированных баллов будут списаны.')
      .waitFor();
    await approval.getByRole('button', { name: 'Одобрить' }).click();
    await page.getByText('Заказ одобрен: ждёт оплаты').waitFor();
    await page.locator('.ra-field-status').getByText('Ждёт оплаты', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Одобрить' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Отклонить' }).waitFor({ state: 'detached' });
    await page.locator('.ra-field-decided_by').getByText(support.email).waitFor();
    expect(await page.locator('.ra-field-decision_reason').count()).toBe(0);

    // The shop was paid (A5): the held points are spent. The open order's page keeps asking and shows it.
    const completed = await sys.call('POST', `/api/orders/${order.id}/complete`);
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    expect(completed.body.status).toBe('completed');
    await page.locator('.ra-field-status').getByText('Выполнен', { exact: true }).waitFor();
    await page.locator('.ra-field-hold_status').getByText('Списаны', { exact: true }).waitFor();

    // The participant's points: the spend of the order, the adjustment with its reason, and what is left to expire.
    await page.getByRole('link', { name: 'Карточка участника' }).click();
    await page.waitForURL(new RegExp(`/participants/${anna.participantId}/show`));
    await page.getByRole('tab', { name: 'Баллы' }).click();
    const spend = page.getByRole('row').filter({ hasText: 'Покупка' });
    await spend.getByRole('cell', { name: '-300', exact: true }).waitFor();
    await spend.getByRole('link', { name: 'Заказ', exact: true }).waitFor();
    const adjustment = page.getByRole('row').filter({ hasText: 'Приз за конкурс' });
    await adjustment.getByRole('cell', { name: '600', exact: true }).waitFor();
    await adjustment.getByText(support.email).waitFor();

    // R20: oldest first, the spend emptied the welcome lot and took 200 of the 600; those 400 expire next.
    const lots = await lotsOf(sys.pool, anna.participantId);
    expect(lots.map(({ amount, remaining }) => ({ amount, remaining }))).toEqual([
      { amount: 100, remaining: 0 },
      { amount: 600, remaining: 400 },
    ]);
    const expiresOn = new Intl.DateTimeFormat('ru', { dateStyle: 'long' }).format(lots[1].expires_at);
    await page.getByTestId('next-expiry').getByText(`400 баллов сгорят ${expiresOn}`, { exact: true }).waitFor();
    await page.getByTestId('points-balance').getByText('Баланс: 400 баллов', { exact: true }).waitFor();
    expect(await page.getByTestId('lot').allTextContents()).toEqual([expect.stringContaining('осталось 400 из 600')]);

    // The database agrees: one spend entry for the order, the hold captured by it, the decision recorded.
    const spends = (await participantLedger(sys.pool, anna.participantId))
      .filter((entry) => entry.kind === 'spend')
      .map(({ id, amount, source_type, source_id }) => ({ id, amount, source_type, source_id }));
    expect(spends).toEqual([{ id: expect.any(Number), amount: -300, source_type: 'order', source_id: order.id }]);
    expect(await holdById(sys.pool, order.holdId)).toEqual({ status: 'captured', entry_id: spends[0].id });
    expect(await orderById(sys.pool, order.id)).toMatchObject({ status: 'completed', decision: 'approved', decided_by: support.email });
    expect(pageErrors).toEqual([]);
  });

  it("the points tab shows a participant's newest 50 entries, then the earlier ones on request, each once", async () => {
    const support = await createStaff(sys, 'support');
    const token = await signIn(sys, support);
    // 55 adjustments after the welcome bonus: 56 entries, two pages of the tab.
    const anna = await activeParticipant(sys, 'many-entries');
    for (let i = 1; i <= 55; i++) {
      const adjusted = await sys.call(
        'POST',
        `/admin/api/participants/${anna.participantId}/adjustments`,
        { amount: i, reason: `Приз №${i}` },
        { apiKey: null, token },
      );
      expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(201);
    }

    const { page, pageErrors } = await browser.newPage('ledger-pages');
    await signInToConsole(page, sys.baseUrl, support);
    await page.goto(`${sys.baseUrl}/admin/#/participants/${anna.participantId}/show`);
    await page.getByRole('tab', { name: 'Баллы' }).click();
    const prizes = page.getByRole('row').filter({ hasText: /Приз №\d+/ });
    const welcome = page.getByRole('row').filter({ hasText: 'Приветственные баллы' });
    const more = page.getByRole('button', { name: 'Показать более ранние (показано: 50)' });
    await more.waitFor();
    // The newest first: the first page holds prizes 55 down to 6.
    expect(await prizes.allInnerTexts()).toHaveLength(50);
    await expect.poll(() => prizes.first().innerText()).toContain('Приз №55');
    expect(await prizes.last().innerText()).toContain('Приз №6');
    expect(await welcome.count()).toBe(0);

    await more.click();
    await welcome.waitFor();
    const reasons = (await prizes.allInnerTexts()).map((row) => Number(/Приз №(\d+)/.exec(row)![1]));
    expect(reasons).toEqual(Array.from({ length: 55 }, (_, i) => 55 - i));
    expect(await page.getByTestId('ledger-more').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
