/**
 * The console's sign-in security in a real browser (Debian's Chromium driven by playwright-core):
 * an admin who must have a second factor is sent to enrol before anything else, signs in afterwards
 * in two steps (password, then the authenticator's code), and the mail view shows confirmation links
 * masked, with "resend" to help the participant instead. Build the console first (`npm run build:console`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp } from '../../infra/totp.js';
import { launchConsoleBrowser, requireConsoleBuild, type ConsoleBrowser } from '../support/browser.js';
import { confirmationToken, createStaff, randomInn, startTestSystem, uniqueEmail, waitFor, type TestSystem } from '../support/system.js';

describe('staff console: sign-in security', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    sys = await startTestSystem({ STAFF_ADMIN_TOTP_REQUIRED: 'true' });
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('an admin without a second factor enrols first, then signs in with password and code; the mail view masks the confirmation link and resends it (R3)', async () => {
    const admin = await createStaff(sys, 'admin');
    const { page, pageErrors } = await browser.newPage('second-factor');
    await page.context().clearCookies();

    // First sign-in: the password alone, and the console asks for the second factor before anything else.
    await page.goto(`${sys.baseUrl}/admin/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
    await page.getByRole('textbox', { name: 'Пароль' }).fill(admin.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.locator('#main-content').getByText('Администраторам нужен второй фактор').waitFor();
    expect(await page.getByRole('menuitem', { name: /Проверки/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Подключить' }).click();
    const secret = await page.getByRole('textbox', { name: 'Ключ', exact: true }).inputValue();
    expect(await page.getByTestId('otpauth-uri').textContent()).toContain(`secret=${secret}`);
    const step = Math.floor(Date.now() / 30_000);
    await page.getByRole('textbox', { name: 'Код из приложения' }).fill(hotp(base32Decode(secret), step));
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Второй фактор подключён').first().waitFor();
    await page.getByRole('menuitem', { name: /Проверки/ }).waitFor();

    // Signing in again takes the password, then a code (the next step's: the last one is used up).
    await page.context().clearCookies();
    await page.goto(`${sys.baseUrl}/admin/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
    await page.getByRole('textbox', { name: 'Пароль' }).fill(admin.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText('Введите шестизначный код').waitFor();
    await page.getByRole('textbox', { name: 'Код из приложения' }).fill(hotp(base32Decode(secret), step + 1));
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);

    // A registration's confirmation mail: the console shows it with the link masked, and resends it.
    const email = uniqueEmail('masked');
    const registered = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email,
      agencyInn: randomInn(),
      contractPath: 'agent',
    });
    expect(registered.status).toBe(201);
    const token = await confirmationToken(sys, email);
    await page.getByRole('menuitem', { name: 'Письма' }).click();
    await page.getByRole('cell', { name: email }).click();
    await page.getByText('/confirm?token=•••').waitFor();
    expect(await page.content()).not.toContain(token);
    expect(await page.getByRole('link', { name: /confirm\?token/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Отправить ссылку ещё раз' }).click();
    await page.getByText('Ссылка отправлена участнику ещё раз').waitFor();
    expect(await confirmationToken(sys, email, 2)).not.toBe(token);
    await waitFor(
      async () =>
        (
          await sys.pool.query(`SELECT 1 FROM audit_log WHERE action = 'participant.resend_confirmation' AND actor_label = $1`, [
            admin.email,
          ])
        ).rowCount,
    );
    expect(pageErrors).toEqual([]);
  });
});
