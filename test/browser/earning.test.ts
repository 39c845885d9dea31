/**
 * The earning screens of the staff console in a real browser (Debian's Chromium driven by
 * playwright-core) against the whole system: the API serving the built console at /admin/, the
 * worker with the events' crediting workflows, Temporal and PostgreSQL. Build the console first
 * (`npm run build:console`); the selectors are the Russian labels a person sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, untilShown, type ConsoleBrowser } from '../support/browser.js';
import { createStaff, registerActiveAgent, signIn, startTestSystem, uniqueEmail, type TestSystem } from '../support/system.js';

/**
 * R11 with a short window: long enough for a person (here, a browser on a busy 2-core machine) to
 * open the event, upload and confirm the report after the broadcast ends, short enough to wait for.
 */
const CREDITING_WINDOW_MS = 30_000;
/** Long enough for the window to close and the credit to be written, with room for a slow machine. */
const WINDOW_CLOSE_TIMEOUT_MS = CREDITING_WINDOW_MS + 60_000;

/** Zoom's date format: 11/21/2026 10:05:00 AM. */
const zoomTime = (at: Date) => {
  const h = at.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCMonth() + 1}/${at.getUTCDate()}/${at.getUTCFullYear()} ${h % 12 || 12}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
};

/** Zoom's participant report: one row per join segment, with the export's own columns and dates. */
function zoomReport(rows: Array<[name: string, email: string, minutes: string, guest: 'Yes' | 'No']>): string {
  const header = ['Name (Original Name)', 'User Email', 'Join Time', 'Leave Time', 'Duration (Minutes)', 'Guest'];
  const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
  const start = Date.UTC(2026, 10, 21, 10, 0, 0);
  const lines = rows.map(([name, email, minutes, guest], i) => {
    const join = new Date(start + i * 60_000);
    const leave = new Date(join.getTime() + (Number(minutes) || 10) * 60_000);
    return [name, email, zoomTime(join), zoomTime(leave), minutes, guest].map(quote).join(',');
  });
  return [header.map(quote).join(','), ...lines].join('\r\n') + '\r\n';
}

describe('staff console: earning', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    sys = await startTestSystem({ CREDITING_WINDOW_MS: String(CREDITING_WINDOW_MS), MIN_LIVE_MINUTES: '60' });
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('R11: staff upload a Zoom report, see the preview and its errors, confirm, watch the window close and see the credits, the unmatched list and an incident for an event with no report', async () => {
    const staff = await createStaff(sys, 'support');
    const token = await signIn(sys, staff);
    // R8: both registered (and active) before the events start.
    const [anna, boris] = await Promise.all([
      registerActiveAgent(sys, { firstName: 'Анна', lastName: 'Смирнова', tag: 'anna' }),
      registerActiveAgent(sys, { firstName: 'Борис', lastName: 'Орлов', tag: 'boris' }),
    ]);
    const stranger = uniqueEmail('stranger');

    const { page, pageErrors } = await browser.newPage('R11');

    // Sign in first: the window's clock starts when the events are created.
    await signInToConsole(page, sys.baseUrl, staff);

    // Two destination webinars through the staff API, broadcast from now+1 s to now+2 s:
    // the first gets a report, the second none.
    const suffix = Date.now().toString(36);
    const createWebinar = async (title: string) => {
      const now = Date.now();
      const res = await sys.call(
        'POST',
        '/admin/api/events',
        {
          kind: 'destination_webinar',
          title,
          points: 50,
          startsAt: new Date(now + 1000).toISOString(),
          endsAt: new Date(now + 2000).toISOString(),
        },
        { apiKey: null, token },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { id: string; title: string };
    };
    const webinar = await createWebinar(`Турция: новые отели ${suffix}`);
    const silent = await createWebinar(`Египет: зима ${suffix}`);

    // The event from the list: its window opens when the broadcast ends, and the upload is offered then.
    await page.getByRole('menuitem', { name: 'Мероприятия' }).click();
    await page.getByRole('cell', { name: webinar.title }).click();
    await page.waitForURL(new RegExp(`/events/${webinar.id}/show`));
    const uploadButton = page.getByRole('button', { name: 'Загрузить отчёт' });
    await uploadButton.waitFor({ timeout: 30_000 });
    await page.getByTestId('crediting-window').getByText('Окно открыто', { exact: true }).waitFor();
    const countdown = page.getByTestId('window-countdown');
    await countdown.getByText('До закрытия окна').waitFor();
    expect(await countdown.textContent()).toMatch(/\d\d:\d\d:\d\d/);

    // Anna attended in two segments (35 + 30 minutes, the second under her email in capitals),
    // Boris 30 minutes, a stranger 70 minutes, and one row is malformed.
    const csv = zoomReport([
      ['Анна Смирнова', anna.email, '35', 'No'],
      ['Анна Смирнова (iPhone)', anna.email.toUpperCase(), '30', 'No'],
      ['Борис Орлов', boris.email, '30', 'No'],
      ['Гость', stranger, '70', 'Yes'],
      ['Сломанная строка', uniqueEmail('broken'), 'сорок', 'No'],
    ]);
    await uploadButton.click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByTestId('report-file')
      .setInputFiles({ name: 'zoom-participants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByText('zoom-participants.csv').waitFor();
    await dialog.getByRole('button', { name: 'Загрузить', exact: true }).click();

    // The preview: nothing counts yet; Zoom's format recognised, 5 rows read into 3 people, the bad row listed.
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}\/show/);
    const reportId = /\/reports\/([0-9a-f-]{36})\/show/.exec(page.url())![1];
    await page.getByText('Это предпросмотр: отчёт начнёт учитываться только после подтверждения.').waitFor();
    await page.locator('.ra-field-status').getByText('Предпросмотр', { exact: true }).waitFor();
    await page.locator('.ra-field-format').getByText('Отчёт участников Zoom').waitFor();
    await page.locator('.ra-field-row_count').getByText('5', { exact: true }).waitFor();
    await page.locator('.ra-field-line_count').getByText('3', { exact: true }).waitFor();
    await page.locator('.ra-field-error_count').getByText('1', { exact: true }).waitFor();
    const errorRow = page.getByRole('row').filter({ hasText: 'Duration (Minutes)' });
    await errorRow.getByRole('cell', { name: '6', exact: true }).waitFor();
    // The row error in Russian, from its code (rules/row-errors.ts): the API's English stays in the API.
    await errorRow.getByText('Должно быть числом минут, а не «сорок»').waitFor();
    expect(await errorRow.getByText('must be a number').count()).toBe(0);
    await page.getByRole('row').filter({ hasText: anna.email }).getByRole('cell', { name: '65', exact: true }).waitFor();
    await page.getByRole('row').filter({ hasText: stranger }).getByRole('cell', { name: '70', exact: true }).waitFor();
    expect(await sys.pool.query(`SELECT 1 FROM event_reports WHERE id = $1 AND status = 'preview'`, [reportId])).toHaveProperty(
      'rowCount',
      1,
    );

    // Confirm while the window is open: the buttons go, the report counts.
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Отчёт подтверждён').waitFor();
    await page.locator('.ra-field-status').getByText('Подтверждён', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Подтвердить' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Отбросить' }).waitFor({ state: 'detached' });

    // Back on the event, the preview shows what the window would credit now.
    await page.getByRole('link', { name: 'К мероприятию' }).click();
    await page.waitForURL(new RegExp(`/events/${webinar.id}/show`));
    await page.getByTestId('preview-eligible').getByText('1', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByTestId('preview-reported').getByText('3', { exact: true }).waitFor();
    await page.getByTestId('preview-points').getByText('50', { exact: true }).waitFor();
    await page.getByTestId('preview-unmatched').getByText('1', { exact: true }).waitFor();
    await page.getByText('Был в эфире меньше минимума: 1').waitFor();

    // The window closes by itself (the page keeps asking the workflow): the credit is final.
    await page.getByTestId('window-credited').getByText('Баллы начислены 1 участнику').waitFor({ timeout: WINDOW_CLOSE_TIMEOUT_MS });
    await page.getByTestId('crediting-window').getByText('Начисление завершено', { exact: true }).waitFor();

    // The outcomes: Anna credited, Boris not (too short), the stranger's email unmatched (R13).
    await page.getByRole('tab', { name: 'Итоги' }).click();
    const outcomeRow = (email: string) => page.getByRole('row').filter({ hasText: email.toLowerCase() });
    await outcomeRow(anna.email).getByText('Начислено', { exact: true }).waitFor();
    await outcomeRow(boris.email).getByText('Был в эфире меньше минимума').waitFor();
    await outcomeRow(stranger).getByText('Неизвестный email: не участник программы').waitFor();
    await page.getByRole('button', { name: 'Неизвестные email' }).click();
    await outcomeRow(anna.email).waitFor({ state: 'detached' });
    await outcomeRow(stranger).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '@' }).count()).toBe(1);

    // Anna's card lists the credit in her ledger, under the event's title.
    await page.getByRole('button', { name: 'Все', exact: true }).click();
    await outcomeRow(anna.email).getByRole('link', { name: 'Карточка участника' }).click();
    await page.waitForURL(new RegExp(`/participants/${anna.participantId}/show`));
    await page.getByRole('tab', { name: 'Баллы' }).click();
    const credit = page.getByRole('row').filter({ hasText: webinar.title });
    await credit.getByRole('cell', { name: '50', exact: true }).waitFor();
    await credit.getByText('Вебинар', { exact: true }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Приветственные баллы' }).getByRole('cell', { name: '100', exact: true }).waitFor();

    // The second event's window closed with no attendance report: an open incident, not a silent zero.
    await page.getByRole('menuitem', { name: /Инциденты/ }).click();
    const incident = page.getByRole('row').filter({ hasText: silent.title });
    await untilShown(page, incident, WINDOW_CLOSE_TIMEOUT_MS);
    await incident.getByText('Окно закрылось без отчёта о посещении').waitFor();
    await incident.getByText('Открыт', { exact: true }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: webinar.title }).count()).toBe(0);

    // Resolving it asks what was done.
    await incident.getByRole('button', { name: 'Закрыть', exact: true }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('Платформа не прислала отчёт; участники подадут заявки');
    await page.getByRole('dialog').getByRole('button', { name: 'Закрыть', exact: true }).click();
    await page.getByText('Инцидент закрыт').waitFor();
    await incident.getByText('Решён', { exact: true }).waitFor();

    // The database agrees: the credit exactly once, nobody else credited, the verdicts and the incident stored.
    const { rows: credits } = await sys.pool.query(
      `SELECT participant_id, amount, source_type, idempotency_key FROM ledger_entries WHERE source_id = $1`,
      [webinar.id],
    );
    expect(credits).toEqual([
      {
        participant_id: anna.participantId,
        amount: 50,
        source_type: 'webinar',
        idempotency_key: `event:${webinar.id}:${anna.participantId}`,
      },
    ]);
    const { rows: outcomes } = await sys.pool.query(
      'SELECT email_normalized, participant_id, live_minutes, credited, reason FROM event_outcomes WHERE event_id = $1 ORDER BY email_normalized',
      [webinar.id],
    );
    expect(outcomes).toEqual(
      [
        { email_normalized: anna.email.toLowerCase(), participant_id: anna.participantId, live_minutes: 65, credited: true, reason: null },
        {
          email_normalized: boris.email.toLowerCase(),
          participant_id: boris.participantId,
          live_minutes: 30,
          credited: false,
          reason: 'below_minimum',
        },
        { email_normalized: stranger.toLowerCase(), participant_id: null, live_minutes: 70, credited: false, reason: 'not_a_participant' },
      ].sort((a, b) => (a.email_normalized < b.email_normalized ? -1 : 1)),
    );
    const { rows: events } = await sys.pool.query(
      'SELECT id, crediting_status, credited_count FROM events WHERE id = ANY($1) ORDER BY id',
      [[webinar.id, silent.id]],
    );
    expect(Object.fromEntries(events.map((e) => [e.id, [e.crediting_status, e.credited_count]]))).toEqual({
      [webinar.id]: ['closed', 1],
      [silent.id]: ['closed', 0],
    });
    const { rows: incidents } = await sys.pool.query('SELECT event_id, kind, status, resolved_by FROM incidents WHERE event_id = ANY($1)', [
      [webinar.id, silent.id],
    ]);
    expect(incidents).toEqual([{ event_id: silent.id, kind: 'no_attendance_report', status: 'resolved', resolved_by: staff.email }]);
    expect(pageErrors).toEqual([]);
  });
});
