/**
 * A manager decides an organisation's application (A7) in the staff console, in a real browser
 * (Debian's Chromium driven by playwright-core) against the whole system: the queue in the menu, the
 * application with its two signed PDFs previewed, the approval that says what it will do, and then
 * the agency in the contract registry with its waiting employee verified without a reviewer. Build
 * the console first (`npm run build:console`); the selectors are the Russian labels a person sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import {
  PDF_LETTER,
  confirm,
  createStaff,
  randomInn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  waitForStatus,
  type TestSystem,
} from '../support/system.js';

/** Each console step may wait on a worker or a query on this shared 2-core machine. */
const STEP_MS = 60_000;

describe('staff console: corporate applications', () => {
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

  it('A7: a manager approves a corporate application with its documents: the agency joins the registry and its waiting employee is verified without review', async () => {
    const inn = randomInn();
    const legalName = `ООО «Северный ветер ${inn}»`;

    // An employee of the agency registered before it had a contract: a reviewer would have to decide.
    const employeeEmail = uniqueEmail('employee');
    const registered = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email: employeeEmail,
      agencyInn: inn,
      contractPath: 'agent',
    });
    expect(registered.status).toBe(201);
    await confirm(sys, employeeEmail);
    await waitFor(
      async () =>
        (await sys.pool.query(`SELECT 1 FROM review_tasks WHERE participant_id = $1 AND status = 'open'`, [registered.body.participantId]))
          .rowCount,
    );

    // The organisation applies with both signed documents.
    const form = new FormData();
    const contactEmail = uniqueEmail('contact');
    for (const [k, v] of Object.entries({
      legalName,
      inn,
      kpp: '780101001',
      address: '190000, Санкт-Петербург, Невский пр., д. 1',
      contactName: 'Ольга Иванова',
      contactEmail,
      contractPath: 'agent',
    })) {
      form.append(k, v);
    }
    form.append('applicationForm', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'заявление.pdf');
    form.append('signedContract', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'договор.pdf');
    const opened = await sys.call('POST', '/api/applications', form);
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.id as string;
    await waitFor(async () => (await sys.call('GET', `/api/applications/${id}`)).body.status === 'awaiting_review', STEP_MS);

    const manager = await createStaff(sys, 'manager');
    const { page, pageErrors } = await browser.newPage('A7-approve');
    page.setDefaultTimeout(STEP_MS);
    await signInToConsole(page, sys.baseUrl, manager);

    // The queue in the menu opens on the applications awaiting a manager.
    const queue = page.getByRole('menuitem', { name: /Заявки организаций/ });
    await queue.click();
    await page.getByRole('heading', { name: 'Заявки организаций' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: legalName });
    await row.getByText('Ждёт решения менеджера', { exact: true }).waitFor();
    await row.getByRole('cell', { name: legalName }).click();
    await page.waitForURL(new RegExp(`/applications/${id}/show`));

    // The organisation, and both signed documents fetched with the session's token and shown.
    await page.locator('.ra-field-legal_name').getByText(legalName, { exact: true }).waitFor();
    await page.locator('.ra-field-inn').getByText(inn, { exact: true }).waitFor();
    await page.locator('.ra-field-kpp').getByText('780101001', { exact: true }).waitFor();
    await page.locator('.ra-field-contract_path').getByText('Агентский', { exact: true }).waitFor();
    await page.getByText('Заявление организации, подписанное руководителем: заявление.pdf').waitFor();
    await page.getByText('Договор, подписанный руководителем: договор.pdf').waitFor();
    await expect.poll(() => page.getByLabel('заявление.pdf').getAttribute('data'), { timeout: STEP_MS }).toMatch(/^blob:/);
    await expect.poll(() => page.getByLabel('договор.pdf').getAttribute('data'), { timeout: STEP_MS }).toMatch(/^blob:/);
    expect(await page.getByTestId('document-preview').count()).toBe(2);

    // The approval says what it will do before it is sent.
    await page.getByRole('button', { name: 'Отклонить' }).waitFor();
    await page.getByRole('button', { name: 'Одобрить' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByTestId('decision-consequence').textContent()).toContain(`${legalName} (ИНН ${inn}) войдёт в реестр договоров`);
    await dialog.getByRole('button', { name: 'Одобрить' }).click();
    await page.getByText('Заявка одобрена: агентство в реестре договоров').waitFor();

    // The decision shown, with the contract the registry now holds; the buttons are gone.
    await page.locator('.ra-field-status').getByText('Одобрена', { exact: true }).waitFor();
    await page.locator('.ra-field-decided_by').getByText(manager.email, { exact: true }).waitFor();
    const {
      rows: [application],
    } = await sys.pool.query('SELECT contract_number FROM corporate_applications WHERE id = $1', [id]);
    await page.locator('.ra-field-contract_number').getByText(application.contract_number, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Одобрить' }).waitFor({ state: 'detached' });

    // The registry has the agency, and the waiting employee is active without a reviewer.
    const { rows: registry } = await sys.pool.query('SELECT contract_number, status FROM contract_registry WHERE inn = $1', [inn]);
    expect(registry).toEqual([{ contract_number: application.contract_number, status: 'active' }]);
    await waitForStatus(sys, registered.body.participantId, 'active', STEP_MS);
    const {
      rows: [task],
    } = await sys.pool.query('SELECT status FROM review_tasks WHERE participant_id = $1', [registered.body.participantId]);
    expect(task.status).toBe('resolved_by_registry');

    // The employee's review says how it ended.
    await page.goto(`${sys.baseUrl}/admin/#/reviews?filter=${encodeURIComponent(JSON.stringify({ status: 'resolved_by_registry' }))}`);
    await page.getByRole('row').filter({ hasText: employeeEmail }).getByText('Подтверждена реестром', { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
