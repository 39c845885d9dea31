/**
 * Account changes in the staff console, in a real browser (Debian's Chromium driven by
 * playwright-core) against the whole system: the API serving the built console at /admin/, the
 * worker with the email-change workflows, Temporal and PostgreSQL. Build the console first
 * (`npm run build:console`); the selectors are the Russian labels a person sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { activeParticipant } from '../support/earning.js';
import {
  PDF_LETTER,
  addContract,
  confirm,
  createStaff,
  participantRow,
  randomInn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  waitForStatus,
  type TestSystem,
} from '../support/system.js';

const PASSWORD = 'correct horse battery';
/** A PNG as the API recognises one: the 8-byte signature and the start of an IHDR chunk. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
/** Each console step may wait on a worker or a query on this shared 2-core machine. */
const STEP_MS = 60_000;

const CODE = /^(\d{6})$/m;
const CONFIRM_LINK = /(\/confirm-email-change\?token=[A-Za-z0-9_-]+)/;

/** Анна Смирнова at an agency with an active contract, registered with the agency's INN and legal name: active. */
async function activeAgentAt(sys: TestSystem, agencyName: string, tag: string): Promise<{ participantId: string; email: string }> {
  const inn = randomInn();
  await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: agencyName });
  const email = uniqueEmail(tag);
  const res = await sys.call('POST', '/api/registrations', {
    firstName: 'Анна',
    lastName: 'Смирнова',
    email,
    agencyInn: inn,
    agencyName,
    contractPath: 'agent',
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  const confirmed = await confirm(sys, email);
  if (confirmed.status !== 200) throw new Error(`confirmation failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  await waitForStatus(sys, res.body.participantId, 'active', STEP_MS);
  return { participantId: res.body.participantId, email };
}

describe('staff console: account changes', () => {
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

  /** Signs `staff` in on a new page; the browser's profile is shared by the tests, so a previous session is dropped first. */
  async function consolePage(tag: string, staff: { email: string; password: string }) {
    const opened = await browser.newPage(tag);
    opened.page.setDefaultTimeout(STEP_MS);
    await opened.page.bringToFront(); // a notification's auto-hide waits while its window has no focus
    await opened.page.goto(`${sys.baseUrl}/admin/`);
    await opened.page.evaluate(() => localStorage.clear());
    await signInToConsole(opened.page, sys.baseUrl, staff);
    return opened;
  }

  /** The first mail to `address` matching `pattern` among those after the first `since`. */
  const mailTo = (address: string, pattern: RegExp, since = 0) =>
    waitFor(async () => sys.mail.messages.slice(since).find((m) => m.to.includes(address.toLowerCase()) && pattern.test(m.text)), STEP_MS);

  it('R21: support opens a request with both documents from the queue and approves it; the link mailed to the new address confirms it; sign-in works with the new address only; member number and points stay', async () => {
    const support = await createStaff(sys, 'support');
    const anna = await activeParticipant(sys, 'moving');
    const newAddress = uniqueEmail('new-employer');
    const before = await participantRow(sys, anna.participantId);
    expect(before).toMatchObject({ status: 'active', balance: 100 });

    // The shop site opens the change for Anna, then uploads both documents (R21).
    const opened = await sys.call('POST', '/api/email-changes', { email: anna.email, newEmail: newAddress });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const requestId: string = opened.body.id;
    const form = new FormData();
    form.append('letter', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'письмо.pdf');
    form.append('employmentRecord', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'трудовая.png');
    const uploaded = await sys.call('POST', `/api/email-changes/${requestId}/documents`, form);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    expect(uploaded.body.documents).toEqual({ letter: true, employmentRecord: true });
    await waitFor(async () => (await sys.call('GET', `/api/email-changes/${requestId}`)).body.status === 'awaiting_review', STEP_MS);

    const { page, pageErrors } = await consolePage('R21', support);

    // The menu's queue counts the requests awaiting review and opens on them.
    const queue = page.getByRole('menuitem', { name: /Смена email/ });
    const {
      rows: [{ n: waiting }],
    } = await sys.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_change_requests WHERE status = 'awaiting_review'`);
    await queue.locator('.MuiBadge-badge').getByText(String(waiting), { exact: true }).waitFor();
    await queue.click();
    await page.getByRole('heading', { name: 'Смена email' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: `${anna.email} → ${newAddress}` });
    await row.getByText('Ждёт проверки', { exact: true }).waitFor();
    await row.getByRole('cell', { name: `${anna.email} → ${newAddress}` }).click();
    await page.waitForURL(new RegExp(`/email-changes/${requestId}/show`));

    // The request: whose, from which address to which, awaiting review, both documents fetched with the session's token.
    await page.locator('.ra-field-status').getByText('Ждёт проверки', { exact: true }).waitFor();
    await page.locator('.ra-field-participant_name').getByRole('link', { name: 'Анна Смирнова' }).waitFor();
    await page.locator('.ra-field-member_number').getByText(String(before.member_number), { exact: true }).waitFor();
    await page.locator('.ra-field-old_email').getByText(anna.email, { exact: true }).waitFor();
    await page.locator('.ra-field-new_email').getByText(newAddress, { exact: true }).waitFor();
    await page.getByText('Письмо нового агентства на бланке: письмо.pdf').waitFor();
    await page.getByText('Сведения о трудовой деятельности (смена работы): трудовая.png').waitFor();
    await expect.poll(() => page.getByLabel('письмо.pdf').getAttribute('data'), { timeout: STEP_MS }).toMatch(/^blob:/);
    await expect.poll(() => page.getByRole('img', { name: 'трудовая.png' }).getAttribute('src'), { timeout: STEP_MS }).toMatch(/^blob:/);
    expect(await page.getByTestId('document-preview').count()).toBe(2);
    // Both documents are in: nothing to upload.
    expect(await page.getByRole('button', { name: /^Загрузить/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Отклонить' }).waitFor();
    // The approval is final: a dialog first says what it will do, with the new address.
    await page.getByRole('button', { name: 'Одобрить' }).click();
    const approval = page.getByRole('dialog');
    expect(await approval.getByTestId('decision-consequence').textContent()).toContain(`На ${newAddress} уйдёт ссылка для подтверждения`);
    await approval.getByRole('button', { name: 'Одобрить' }).click();
    await page.getByText('Смена email одобрена: ссылка отправлена на новый адрес').waitFor();
    await page.locator('.ra-field-status').getByText('Ждёт подтверждения нового email', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Одобрить' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Отклонить' }).waitFor({ state: 'detached' });
    await page.locator('.ra-field-decided_by').getByText(support.email).waitFor();
    expect(await page.locator('.ra-field-decision_reason').count()).toBe(0);

    // The link went to the new address (the old mailbox is gone); Anna opens it and confirms.
    const confirmation = await mailTo(newAddress, CONFIRM_LINK);
    const link = CONFIRM_LINK.exec(confirmation.text)![1];
    expect(sys.mail.messages.filter((m) => m.to.includes(anna.email.toLowerCase()) && CONFIRM_LINK.test(m.text))).toEqual([]);
    const { page: mailbox } = await browser.newPage('R21-confirm');
    mailbox.setDefaultTimeout(STEP_MS);
    // Anna's browser prefers Russian (the test's Chromium asks for en-US, which gets the English page).
    await mailbox.setExtraHTTPHeaders({ 'Accept-Language': 'ru-RU,ru;q=0.9' });
    await mailbox.goto(`${sys.baseUrl}${link}`);
    await mailbox.getByRole('button', { name: 'Подтвердить адрес' }).click();
    await mailbox.getByRole('status').getByText('Адрес подтверждён. Баллы и история сохранены.').waitFor();
    await mailbox.close();
    await page.bringToFront();

    // The request's page keeps asking while the request is open, and shows it completed.
    await page.locator('.ra-field-status').getByText('Email изменён', { exact: true }).waitFor();

    // A6 sign-in: with the new address a code is mailed there and verifies...
    const since = sys.mail.messages.length;
    const challenge = await sys.call('POST', '/api/sign-in', { login: newAddress, password: PASSWORD });
    expect(challenge.status, JSON.stringify(challenge.body)).toBe(202);
    const codeMail = await mailTo(newAddress, CODE, since);
    const verified = await sys.call('POST', '/api/sign-in/verify', {
      challengeId: challenge.body.challengeId,
      code: CODE.exec(codeMail.text)![1],
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.token).toEqual(expect.any(String));
    // ...and the old address no longer signs anyone in.
    const old = await sys.call('POST', '/api/sign-in', { login: anna.email, password: PASSWORD });
    expect(old.status, JSON.stringify(old.body)).toBe(401);
    expect(old.body.error.code).toBe('invalid_credentials');

    // The database: the same participant with the new address, the same member number and points.
    const after = await participantRow(sys, anna.participantId);
    expect(after).toMatchObject({
      status: 'active',
      email: newAddress,
      email_normalized: newAddress.toLowerCase(),
      member_number: before.member_number,
      balance: before.balance,
    });
    const {
      rows: [request],
    } = await sys.pool.query('SELECT status, decided_by, completed_at FROM email_change_requests WHERE id = $1', [requestId]);
    expect(request).toMatchObject({ status: 'completed', decided_by: support.email, completed_at: expect.any(Date) });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 300_000);

  it('R24: support finds a participant who forgot the email by name and agency legal name, and opens an email change for them, uploading both documents (R21)', async () => {
    const support = await createStaff(sys, 'support');
    const stamp = Date.now();
    const target = await activeAgentAt(sys, `ООО «Лазурный берег ${stamp}»`, 'forgot');
    const namesake = await activeAgentAt(sys, `ООО «Северный ветер ${stamp}»`, 'namesake');
    const newAddress = uniqueEmail('found');

    const { page, pageErrors } = await consolePage('R24', support);
    await page.getByRole('menuitem', { name: 'Участники' }).click();
    await page.getByRole('heading', { name: 'Участники' }).waitFor();

    // Name and agency together: only the target, not her namesake at the other agency.
    await page.getByRole('textbox', { name: 'Имя и фамилия' }).fill('смирнова анна');
    await page.getByRole('textbox', { name: 'Агентство (юридическое название)' }).fill(`лазурный берег ${stamp}`);
    await page.getByRole('cell', { name: target.email }).waitFor();
    await waitFor(async () => (await page.getByRole('cell', { name: namesake.email }).count()) === 0, STEP_MS);
    await page.getByRole('cell', { name: target.email }).click();
    await page.waitForURL(new RegExp(`/participants/${target.participantId}/show`));

    // Support opens the change on her behalf and lands on the request, which waits for both documents.
    await page.getByRole('button', { name: 'Сменить email' }).click();
    await page.getByRole('textbox', { name: 'Новый email' }).fill(newAddress);
    await page.getByRole('button', { name: 'Подать заявку' }).click();
    await page.getByText('Заявка на смену email подана: загрузите документы').waitFor();
    await page.waitForURL(/\/email-changes\/[0-9a-f-]+\/show/);
    const requestId = /\/email-changes\/([0-9a-f-]+)\/show/.exec(page.url())![1];
    await page.locator('.ra-field-status').getByText('Ждёт документов', { exact: true }).waitFor();
    await page.locator('.ra-field-new_email').getByText(newAddress, { exact: true }).waitFor();
    await page.getByText('Документов нет').waitFor();

    // One upload button per missing document; each disappears once its document is in. (Their
    // notifications are not awaited: once the PDF preview's <object> holds the focus, a
    // notification stays until the page is clicked, and the next ones queue behind it.)
    await page.getByRole('button', { name: 'Загрузить: Письмо нового агентства на бланке' }).waitFor();
    await page.getByTestId('upload-letter').setInputFiles({ name: 'бланк.pdf', mimeType: 'application/pdf', buffer: PDF_LETTER });
    await page.getByText('Письмо нового агентства на бланке: бланк.pdf').waitFor();
    await page.getByRole('button', { name: 'Загрузить: Письмо нового агентства на бланке' }).waitFor({ state: 'detached' });
    await page.getByTestId('upload-employmentRecord').setInputFiles({ name: 'выписка.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('Сведения о трудовой деятельности (смена работы): выписка.png').waitFor();
    await page.locator('.ra-field-status').getByText('Ждёт проверки', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^Загрузить/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Одобрить' }).waitFor();
    // Four eyes: she opened the request and uploaded its documents, so another staff member must approve it.
    await page
      .getByTestId('four-eyes-note')
      .getByText(/одобрить её должен другой сотрудник/)
      .waitFor();

    const {
      rows: [request],
    } = await sys.pool.query('SELECT participant_id, status, created_by FROM email_change_requests WHERE id = $1', [requestId]);
    expect(request).toMatchObject({ participant_id: target.participantId, status: 'awaiting_review', created_by: support.email });
    expect((await participantRow(sys, target.participantId)).email).toBe(target.email);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
