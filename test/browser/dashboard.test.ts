/**
 * The console's first screen is its dashboard (issue 14): after sign-in, charts and figures of the
 * program, each figure a link to the list behind it. Known postings move the figures: a participant
 * activated today (the welcome credit), a registration waiting for review, then a manual credit made
 * in the console. Build the console first (`npm run build:console`).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, type ConsoleBrowser } from '../support/browser.js';
import { createStaff, registerActiveAgent, registerIntermediary, startTestSystem, type TestSystem } from '../support/system.js';

describe('staff console: the dashboard', () => {
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

  const figure = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();

  it('opens after sign-in with charts whose figures follow the postings, each figure opening its list', async () => {
    const { participantId, email } = await registerActiveAgent(sys);
    const waiting = await registerIntermediary(sys);
    const support = await createStaff(sys, 'support');
    const { page, pageErrors } = await browser.newPage('dashboard');
    const { rows } = await sys.pool.query<{ month: string; day: string }>(
      `SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM') AS month, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`,
    );
    const { month, day } = rows[0];

    // Sign in: the console opens on the dashboard, its charts drawn.
    await page.context().clearCookies();
    await page.goto(`${sys.baseUrl}/admin/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(support.email);
    await page.getByRole('textbox', { name: 'Пароль' }).fill(support.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    expect(page.url()).toMatch(/#\/$/);
    for (const panel of ['points', 'expiry', 'queues', 'enrolment', 'tiers']) {
      await page.getByTestId(`dashboard-${panel}`).waitFor();
    }
    // recharts draws each chart as an SVG with a bar per figure.
    await page.getByTestId('dashboard-points').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('dashboard-queues').locator('.recharts-bar-rectangle').first().waitFor();

    // The welcome credit (100 points, R7) is this month's credited figure; both registrations are today's.
    expect(await figure(page, `points-credited-${month}`)).toBe('100');
    expect(await figure(page, `points-spent-${month}`)).toBe('0');
    expect(await figure(page, `registered-${day}`)).toBe('2');
    expect(await figure(page, `activated-${day}`)).toBe('1');
    expect(await figure(page, 'queue-reviews-waiting')).toBe('1');
    expect(await figure(page, 'queue-reviews-oldest')).toMatch(/мин/);
    expect(await figure(page, 'tier-none')).toBe('1');

    // A manual credit of 37 points in the console…
    await page.getByTestId('queue-reviews-waiting').click();
    await page.getByRole('heading', { name: 'Проверки' }).waitFor();
    await page.getByRole('cell', { name: waiting.email }).waitFor();
    await page.goto(`${sys.baseUrl}/admin/#/participants/${participantId}/show`);
    await page.getByRole('tab', { name: 'Баллы' }).click();
    await page.getByRole('button', { name: 'Скорректировать' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('spinbutton', { name: /Баллы/ }).fill('37');
    await dialog.getByRole('textbox', { name: 'Причина' }).fill('Бонус за конференцию');
    await dialog.getByRole('button', { name: 'Скорректировать' }).click();
    await dialog.waitFor({ state: 'detached' });

    // …is in this month's credited figure, which opens the entries it sums.
    await page.getByRole('menuitem', { name: 'Обзор' }).click();
    await page.getByTestId(`points-credited-${month}`).getByText('137').waitFor();
    await page.getByTestId(`points-credited-${month}`).click();
    await page.getByRole('heading', { name: 'Операции с баллами' }).waitFor();
    const list = page.locator('.RaDataTable-table');
    await list.getByRole('cell', { name: 'Бонус за конференцию' }).waitFor();
    await list.getByRole('cell', { name: email }).first().waitFor();
    expect(await list.locator('tbody tr').count()).toBe(2);
    expect(decodeURIComponent(page.url())).toContain(`"month":"${month}"`);

    // The day's registrations open the participants registered that day.
    await page.getByRole('menuitem', { name: 'Обзор' }).click();
    await page.getByTestId(`registered-${day}`).click();
    await page.getByRole('heading', { name: 'Участники' }).waitFor();
    await page.locator('.RaDataTable-table').getByRole('cell', { name: waiting.email }).waitFor();
    expect(await page.locator('.RaDataTable-table tbody tr').count()).toBe(2);
    expect(pageErrors).toEqual([]);
  });
});
