/**
 * Long work shows its progress in the console (issue 14), in a real browser against the whole
 * system: a crediting run says how many of the report's emails it has handled (the crediting
 * workflow's query), an import shows how much of its file has been sent (on a throttled network),
 * and an export shows what arrives, then what was saved.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { createWebinar, sendAttendance, untilEnded, waitForEventStatus } from '../support/earning.js';
import { insertActiveParticipants } from '../../db/participants.js';
import { createStaff, randomInn, startTestSystem, waitFor, type TestSystem } from '../support/system.js';

const STEP_MS = 60_000;
/** Participants in the report, one per crediting batch. */
const REPORTED = 20;
/**
 * The participant whose balance the test keeps locked until it has seen the run's progress: the run
 * waits at that batch however fast the machine (a run of hundreds of batches that merely
 * took long enough to be seen cost more CPU than the rest of the file).
 */
const HELD = 10;

describe('progress of long work in the console', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    // One email per crediting batch, and a window long enough to send the report while it is open.
    sys = await startTestSystem({ CREDITING_WINDOW_MS: '8000', CREDIT_BATCH_SIZE: '1' });
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('issue 14: a crediting run shows how many emails it has handled; an import, how much of its file is sent; an export, what arrived', async () => {
    const email = await insertActiveParticipants(sys.pool, REPORTED, `progress-${randomUUID().slice(0, 8)}`);
    const event = await createWebinar(sys);
    await untilEnded(event);
    const rows = Array.from({ length: REPORTED }, (_, i) => ({ email: email(i + 1), minutes: 90 }));
    const held = await sys.pool.connect();
    await held.query('BEGIN');
    await held.query('SELECT 1 FROM balances b JOIN participants p ON p.id = b.participant_id WHERE p.email = $1 FOR UPDATE OF b', [
      email(HELD),
    ]);
    await waitFor(async () => (await sendAttendance(sys, event.id, rows)).status === 201, 8000);

    const admin = await createStaff(sys, 'admin');
    const { page, pageErrors } = await browser.newPage('progress');
    page.setDefaultTimeout(STEP_MS);
    await signInToConsole(page, sys.baseUrl, admin);

    // The crediting run, as the event's page polls the workflow: handled so far out of the report's emails.
    await page.goto(`${sys.baseUrl}/admin/#/events/${event.id}/show`);
    const progress = page.getByTestId('crediting-progress');
    await progress.waitFor({ timeout: 2 * STEP_MS });
    await page.getByRole('progressbar', { name: 'Ход начисления' }).waitFor();
    const said = (await progress.textContent()) ?? '';
    const [, handled, reported] = /Обработано (\d+) из (\d+) email отчёта/.exec(said) ?? [];
    expect(Number(reported), said).toBe(REPORTED);
    expect(Number(handled)).toBeLessThan(REPORTED);
    await held.query('COMMIT');
    held.release();
    await waitForEventStatus(sys, event.id, 'closed', 3 * STEP_MS);
    await page.getByTestId('window-credited').waitFor();
    expect(await progress.count()).toBe(0);

    // An import on a slow network: the share of the file sent so far.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 48 * 1024,
    });
    await page.goto(`${sys.baseUrl}/admin/#/contracts`);
    await page.getByRole('button', { name: 'Загрузить CSV' }).first().click();
    const lines = Array.from({ length: 3000 }, (_, i) => {
      const inn = randomInn();
      return `AG-${i}/${inn};agent;${inn};ООО «Агентство номер ${i}»;active`;
    });
    const csv = `contract_number;contract_type;inn;legal_name;status\n${lines.join('\n')}\n`;
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('registry-file').setInputFiles({ name: 'реестр.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('progressbar', { name: 'Отправка файла' }).waitFor();
    await dialog.getByText(/Отправлено [1-9]\d?%/).waitFor();
    await dialog.getByTestId('registry-preview').waitFor({ timeout: 2 * STEP_MS });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.keyboard.press('Escape');

    // An export: what was saved, once it has all arrived.
    await page.goto(`${sys.baseUrl}/admin/#/ledger`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Все операции с баллами (CSV)' }).click();
    expect((await download).suggestedFilename()).toBe('ledger.csv');
    await page
      .getByTestId('export-ledger.csv')
      .getByTestId('export-saved')
      .getByText(/Сохранён файл ledger\.csv \(\d+ КБ\)/)
      .waitFor();
    expect(pageErrors).toEqual([]);
  });
});
