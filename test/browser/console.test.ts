/**
 * The staff console in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole system: the API serving the built console at /admin/, the worker, Temporal and PostgreSQL.
 * Build the console first (`npm run build:console`); the selectors are the Russian labels a person sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { createStaff, randomInn, registerIntermediary, startTestSystem, uniqueEmail, waitFor, type TestSystem } from '../support/system.js';

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

    // The approval is final: a dialog first says what it will do.
    await page.getByRole('button', { name: 'Одобрить' }).click();
    const approval = page.getByRole('dialog');
    await approval
      .getByTestId('decision-consequence')
      .getByText('Участник станет активным: получит номер участника, приветственные баллы и письмо об этом.')
      .waitFor();
    await approval.getByRole('button', { name: 'Одобрить' }).click();
    await page.getByText('Регистрация одобрена').waitFor();
    await page.locator('.ra-field-status').getByText('Одобрена', { exact: true }).waitFor();
    // The decision shown: who took it, and no rejection reason on an approval.
    await page.locator('.ra-field-decided_by_name').getByText('Test support', { exact: true }).waitFor();
    await page.getByText('Одобрено', { exact: true }).waitFor();
    expect(await page.locator('.ra-field-decision_reason').count()).toBe(0);
    await page.getByRole('button', { name: 'Одобрить' }).waitFor({ state: 'detached' });

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

  it('R24: the participants list names each agency, by its INN when the registry knows no legal name for it', async () => {
    const staff = await createStaff(sys, 'support');
    const { email: named } = await registerIntermediary(sys);
    const inn = randomInn();
    const unnamed = uniqueEmail();
    const registered = await sys.call('POST', '/api/registrations', {
      contractPath: 'agent',
      firstName: 'Олег',
      lastName: 'Сидоров',
      email: unnamed,
      agencyInn: inn,
    });
    expect(registered.status).toBe(201);
    const { page, pageErrors } = await browser.newPage('agency-column');
    await signInToConsole(page, sys.baseUrl, staff);
    const rowOf = async (email: string) => {
      await page.goto(`${sys.baseUrl}/admin/#/participants?filter=${encodeURIComponent(JSON.stringify({ q: email }))}`);
      const row = page.getByRole('row').filter({ hasText: email });
      await row.waitFor();
      return row;
    };
    await (await rowOf(named)).getByRole('cell', { name: 'ИП Петрова', exact: true }).waitFor();
    await (await rowOf(unnamed)).getByRole('cell', { name: `ИНН ${inn}`, exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('an admin adds an API client with a scope, copies its key shown once, issues a second key, revokes the first, and grants one more scope', async () => {
    const admin = await createStaff(sys, 'admin');
    const name = `Платформа вебинаров ${Date.now()}`;
    const { page, pageErrors } = await browser.newPage('api-clients');
    await signInToConsole(page, sys.baseUrl, admin);
    const withKey = (key: string, path: string) => sys.call('GET', path, undefined, { apiKey: key });

    await page.getByRole('menuitem', { name: 'API-клиенты' }).click();
    await page.getByRole('link', { name: 'Создать' }).click();
    await page.getByRole('textbox', { name: 'Клиент' }).fill(name);
    await page.getByRole('checkbox', { name: 'Заказы' }).check();
    await page.getByRole('button', { name: 'Сохранить' }).click();

    // The key, once: the dialog shows it, and closing it opens the client's page.
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Ключ для «${name}» выпущен`).waitFor();
    const first = await dialog.getByRole('textbox', { name: 'API-ключ' }).inputValue();
    expect(first).toMatch(/^bk_/);
    await dialog.getByRole('button', { name: 'Закрыть' }).click();
    await page.locator('.ra-field-name').getByText(name).waitFor();
    await page.locator('#main-content').getByText('Заказы', { exact: true }).waitFor();
    expect(await page.content()).not.toContain(first);
    expect((await withKey(first, '/api/catalog')).status).toBe(200);
    expect((await withKey(first, '/api/events/00000000-0000-4000-8000-000000000000')).body.error).toMatchObject({
      code: 'scope_missing',
      scope: 'events',
    });

    // Rotation: a second key, then the first revoked; the second goes on working.
    await page.getByRole('button', { name: 'Выпустить ключ' }).click();
    const second = await dialog.getByRole('textbox', { name: 'API-ключ' }).inputValue();
    expect(second).toMatch(/^bk_/);
    await dialog.getByRole('button', { name: 'Закрыть' }).click();
    await page.getByRole('button', { name: 'Отозвать' }).nth(1).waitFor();
    // Newest first: the first key is the second row.
    await page.getByRole('button', { name: 'Отозвать' }).nth(1).click();
    await page
      .getByRole('dialog')
      .getByText(`Отозвать ключ ${first.slice(0, 7)}…?`)
      .waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Ключ отозван').waitFor();
    await waitFor(async () => (await page.getByRole('button', { name: 'Отозвать' }).count()) === 1);
    expect((await withKey(first, '/api/catalog')).status).toBe(401);
    expect((await withKey(second, '/api/catalog')).status).toBe(200);

    // One more scope: the events routes open to the client's key (an unknown event: 404, no longer 403).
    await page.getByRole('link', { name: 'Редактировать' }).click();
    await page.getByRole('checkbox', { name: 'Мероприятия и отчёты' }).check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('#main-content').getByText('Мероприятия и отчёты', { exact: true }).waitFor();
    // The page can show the chosen scope before the save answers: wait for it to take effect.
    const unknownEvent = () => withKey(second, '/api/events/00000000-0000-4000-8000-000000000000');
    await waitFor(async () => (await unknownEvent()).status !== 403, 10_000).catch(() => undefined);
    expect((await unknownEvent()).status).toBe(404);
    const { rows } = await sys.pool.query("SELECT details FROM audit_log WHERE action = 'api_client.update' AND actor_label = $1", [
      admin.email,
    ]);
    expect(rows.map((r) => r.details)).toEqual([{ scopes: { from: ['orders'], to: ['orders', 'events'] } }]);
    expect(pageErrors).toEqual([]);
  });
});
