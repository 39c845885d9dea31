/**
 * A1 in the staff console, in a real browser against the whole system: a participant's page shows
 * the status tier and the progress to the next one, the tier history tab shows how it was reached,
 * and the terms page lists the tiers in force. Build the console first (`npm run build:console`).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TierTerms } from '../../rules/tiers.js';
import { tierPeriodScheduleId } from '../../workflows/messages/tier-period-end.js';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { activeParticipant } from '../support/earning.js';
import { createStaff, startTestSystem, waitFor, type TestSystem } from '../support/system.js';

/** Tiers scaled to a test's course: Silver at 50 qualifying points, Gold at 100 (or 4 activities). */
const TIERS: TierTerms = {
  levels: [
    {
      code: 'silver',
      name: { ru: 'Серебряный', en: 'Silver' },
      points: 50,
      activities: 2,
      activityKinds: ['webinar', 'test'],
      bonusPercent: 10,
    },
    { code: 'gold', name: { ru: 'Золотой', en: 'Gold' }, points: 100, activities: 4, activityKinds: ['webinar', 'test'], bonusPercent: 20 },
  ],
  qualifyingSources: ['webinar', 'test', 'course'],
};

describe('staff console: status tiers', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    // The default period (the calendar year): nothing is reassessed while the test runs.
    sys = await startTestSystem({ TIER_TERMS: JSON.stringify(TIERS) });
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.temporal.schedule
      .getHandle(tierPeriodScheduleId(sys.config.taskQueue))
      .delete()
      .catch(() => undefined);
    await sys?.close();
  });

  it("A1: a participant's page shows the tier, until when it holds, and what is left to the next tier; the history tab shows how it was reached", async () => {
    const anna = await activeParticipant(sys, 'tiered');
    const course = await sys.call('POST', '/api/events', {
      kind: 'course',
      title: `Курс ${randomUUID().slice(0, 6)}`,
      points: 60,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(course.status).toBe(201);
    const report = await sys.call('POST', `/api/events/${course.body.id}/course-completions`, {
      rows: [{ email: anna.email, completedAt: new Date().toISOString() }],
    });
    expect(report.status).toBe(201);
    await waitFor(
      async () =>
        (await sys.pool.query(`SELECT 1 FROM participant_tiers WHERE participant_id = $1 AND tier = 'silver'`, [anna.participantId]))
          .rowCount,
    );

    // An admin: the terms page at the end is theirs.
    const admin = await createStaff(sys, 'admin');
    const { page, pageErrors } = await browser.newPage('A1');
    await signInToConsole(page, sys.baseUrl, admin);
    await page.goto(`${sys.baseUrl}/admin/#/participants/${anna.participantId}/show`);

    const progress = page.getByTestId('tier-progress');
    await progress.waitFor();
    await expect.poll(() => progress.textContent()).toContain('Серебряный');
    const text = (await progress.textContent())!;
    expect(text).toMatch(/Действует по \d\d\.\d\d\.\d{4}/);
    expect(text).toContain('+10% к баллам за мероприятия');
    expect(text).toContain('Квалификационные баллы за период: 60');
    expect(text).toContain('До статуса «Золотой»: 40 квалификационных баллов или ещё 4 мероприятия (вебинары, тесты)');
    expect(text).toMatch(/Квалификационный период заканчивается \d\d\.\d\d\.\d{4}/);

    await page.getByRole('tab', { name: 'Статус' }).click();
    const history = page.getByTestId('tier-history');
    await history.waitFor();
    await expect.poll(() => history.textContent()).toContain('Набран порог');
    expect(await history.textContent()).toContain('Без статуса');

    // The terms page (admins) lists the tiers in force.
    await page.goto(`${sys.baseUrl}/admin/#/terms`);
    const tiers = page.getByTestId('current-tiers');
    await tiers.waitFor();
    expect(await tiers.textContent()).toContain('Золотой');
    expect(pageErrors).toEqual([]);
  });
});
