/**
 * `npm start`'s local inbox: what the SMTP and SMS catchers took, readable as a participant gets it
 * (the console masks links and codes), sent here through the program's own mailer and SMS relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxPage, startLocalInbox, type InboxMessage, type LocalInbox } from '../../infra/local-inbox.js';
import { startMailCatcher, type MailCatcher } from '../../infra/mail-catcher.js';
import { createSmtpMailer } from '../../infra/mailer.js';
import { startSmsCatcher, type SmsCatcher } from '../../infra/sms-catcher.js';
import { createSmsRelay } from '../../infra/sms.js';

let mail: MailCatcher;
let sms: SmsCatcher;
let inbox: LocalInbox;

beforeAll(async () => {
  [mail, sms] = await Promise.all([startMailCatcher(), startSmsCatcher()]);
  inbox = await startLocalInbox({ mail, sms });
});
afterAll(async () => {
  await Promise.all([inbox?.stop(), mail?.stop(), sms?.stop()]);
});

describe('the local inbox', () => {
  it('shows each caught mail and text message, newest first, with its subject decoded and its link as sent', async () => {
    const link = 'http://127.0.0.1:3000/confirm?token=abc.DEF-123_x';
    const mailer = createSmtpMailer(mail.url, 'program@example.org');
    const subject = 'Подтвердите адрес электронной почты: длинная тема, которую почтовая программа сложит в несколько слов';
    try {
      await mailer.send({
        to: 'Anna@Agency.example',
        subject,
        text: `Здравствуйте, Анна!\n\n<script>alert(1)</script>\n${link}\n`,
        messageId: '<inbox-test-1@example.org>',
      });
    } finally {
      mailer.close();
    }
    await mail.waitFor((m) => m.to.includes('anna@agency.example'));
    await new Promise((resolve) => setTimeout(resolve, 5)); // the text message a later millisecond than the mail
    await createSmsRelay(sms.url).send({ to: '+79123456789', text: 'Код входа: 123456', key: 'inbox-test-2' });

    const listed = (await (await fetch(`${inbox.url}messages`)).json()) as InboxMessage[];
    expect(listed.map((m) => [m.channel, m.to])).toEqual([
      ['sms', '+79123456789'],
      ['email', 'anna@agency.example'],
    ]);
    expect(listed[1].subject).toBe(subject);
    expect(listed[1].text).toContain(link);
    expect(listed[0].text).toBe('Код входа: 123456');

    const page = await fetch(inbox.url);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`<a href="${link}">${link}</a>`);
    expect(html).toContain(subject);
    expect(html).toContain('Код входа: 123456');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('shows the newest 200 on the page, and says how many there are', () => {
    const messages = Array.from({ length: 250 }, (_, i) => ({
      channel: 'email' as const,
      to: `p${i}@agency.example`,
      subject: `Письмо ${i}`,
      text: 'Текст',
      receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 250 - i)).toISOString(),
    }));
    const html = inboxPage(messages);
    expect(html).toContain('the newest 200 of 250');
    expect(html.match(/<article>/g)).toHaveLength(200);
    expect(html).toContain('p199@agency.example');
    expect(html).not.toContain('p200@agency.example');
  });

  it('takes only reads', async () => {
    expect((await fetch(inbox.url, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(`${inbox.url}elsewhere`)).status).toBe(404);
  });
});
