/**
 * A reviewer's decision in the staff console, in a real browser (Debian's Chromium driven by
 * playwright-core) against the whole system, on a claim of missing points (A4): the page every
 * review-like task shares (shared/TaskShow.tsx) says what a decision will do before it is sent,
 * requires a rejection's reason, and shows the decision taken. Build the console first
 * (`npm run build:console`); the selectors are the Russian labels a person sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { activeParticipant, createWebinar, eventCredits, waitForEventStatus } from '../support/earning.js';
import { createStaff, startTestSystem, type TestSystem } from '../support/system.js';

/** Each console step may wait on a worker or a query on this shared 2-core machine. */
const STEP_MS = 60_000;
const POINTS = 40;

describe('staff console: decisions', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    // A short crediting window (R11): the webinar's window closes, uncredited, soon after the broadcast.
    sys = await startTestSystem({ CREDITING_WINDOW_MS: '1000' });
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  /** Anna claims the points of a webinar whose window closed without a report, so without crediting her. */
  async function openClaim() {
    const anna = await activeParticipant(sys, 'claimant');
    const event = await createWebinar(sys, { points: POINTS });
    const { title } = await waitForEventStatus(sys, event.id, 'closed');
    const claim = await sys.call('POST', '/api/claims', {
      email: anna.email,
      eventId: event.id,
      statement: 'Связь пропала, но я был в эфире весь вебинар',
    });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    return { anna, eventId: event.id, title: title as string, claimId: claim.body.id as string };
  }

  /** A support user's console on the claim's page, awaiting a decision. */
  async function claimPage(tag: string, claimId: string) {
    const support = await createStaff(sys, 'support');
    const opened = await browser.newPage(tag);
    opened.page.setDefaultTimeout(STEP_MS);
    await signInToConsole(opened.page, sys.baseUrl, support);
    await opened.page.goto(`${sys.baseUrl}/admin/#/claims/${claimId}/show`);
    await opened.page.locator('.ra-field-status').getByText('Ждёт решения', { exact: true }).waitFor();
    return { ...opened, support };
  }

  it('A4: support rejects a claim: the dialog says what will happen and takes no blank reason; the page shows the rejection and its reason, and nothing is credited', async () => {
    const { anna, eventId, title, claimId } = await openClaim();
    const { page, pageErrors, support } = await claimPage('A4-reject', claimId);

    await page.getByRole('button', { name: 'Отклонить' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('decision-consequence').getByText(`Баллы за «${title}» по этой заявке начислены не будут.`).waitFor();
    await dialog.getByText('Решение окончательное: изменить его потом нельзя.').waitFor();
    const reason = dialog.getByRole('textbox', { name: 'Причина отказа' });
    const submit = dialog.getByRole('button', { name: 'Отклонить' });
    expect(await submit.isDisabled()).toBe(true);
    await reason.fill('   ');
    expect(await submit.isDisabled()).toBe(true);
    await reason.fill('В отчёте о посещении 45 минут в эфире, а нужно 60');
    await submit.click();
    await page.getByText('Заявка отклонена').waitFor();

    // The decision shown: the status, who decided, the outcome and its reason; the buttons are gone.
    await page.locator('.ra-field-status').getByText('Отклонена', { exact: true }).waitFor();
    await page.locator('.ra-field-decided_by').getByText(support.email, { exact: true }).waitFor();
    await page.getByText('Отклонено', { exact: true }).waitFor();
    await page.locator('.ra-field-decision_reason').getByText('В отчёте о посещении 45 минут в эфире, а нужно 60').waitFor();
    await page.getByRole('button', { name: 'Одобрить' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Отклонить' }).waitFor({ state: 'detached' });

    const { rows } = await sys.pool.query('SELECT status, decision_reason, decided_by FROM claims WHERE id = $1', [claimId]);
    expect(rows).toEqual([
      { status: 'rejected', decision_reason: 'В отчёте о посещении 45 минут в эфире, а нужно 60', decided_by: support.email },
    ]);
    expect(await eventCredits(sys, eventId, anna.participantId)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("A4: support approves a claim: the confirmation names the event's points and cancelling it sends nothing; once confirmed the points are credited once and no rejection reason shows", async () => {
    const { anna, eventId, title, claimId } = await openClaim();
    const { page, pageErrors, support } = await claimPage('A4-approve', claimId);
    const consequence = `Участник получит ${POINTS} баллов за «${title}».`;

    // Cancelled: nothing is sent.
    await page.getByRole('button', { name: 'Одобрить' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('decision-consequence').getByText(consequence).waitFor();
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await sys.pool.query('SELECT status FROM claims WHERE id = $1', [claimId])).rows).toEqual([{ status: 'open' }]);

    await page.getByRole('button', { name: 'Одобрить' }).click();
    await dialog.getByTestId('decision-consequence').getByText(consequence).waitFor();
    await dialog.getByRole('button', { name: 'Одобрить' }).click();
    await page.getByText('Заявка одобрена: баллы начислены').waitFor();

    await page.locator('.ra-field-status').getByText('Одобрена', { exact: true }).waitFor();
    await page.locator('.ra-field-decided_by').getByText(support.email, { exact: true }).waitFor();
    await page.getByText('Одобрено', { exact: true }).waitFor();
    expect(await page.locator('.ra-field-decision_reason').count()).toBe(0);
    await page.getByRole('button', { name: 'Одобрить' }).waitFor({ state: 'detached' });

    expect(await eventCredits(sys, eventId, anna.participantId)).toEqual([{ amount: POINTS, source_type: 'webinar', claim_id: claimId }]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
