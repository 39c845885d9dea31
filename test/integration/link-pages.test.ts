/**
 * The pages behind emailed links (R3, R21, R25) in the reader's language: the page checks the link
 * when it is opened, so a used, expired or unknown link gets a page saying so and what to do next,
 * with no form; the language comes from Accept-Language, Russian by default; no English reaches the
 * Russian page, neither its text nor the texts its script shows after a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../infra/secrets.js';
import { activeParticipant } from '../support/earning.js';
import {
  PDF_LETTER,
  addContract,
  confirmationToken,
  createStaff,
  randomInn,
  registerActiveAgent,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  type TestSystem,
} from '../support/system.js';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => sys?.close());

interface Page {
  status: number;
  html: string;
  /** what a reader sees: the body's text without scripts and styles */
  text: string;
  /** the texts the page's script may show later (its JSON data block) */
  scriptTexts: string[];
  headers: Headers;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

async function openPage(path: string, acceptLanguage?: string): Promise<Page> {
  const res = await fetch(`${sys.baseUrl}${path}`, { headers: acceptLanguage ? { 'Accept-Language': acceptLanguage } : {} });
  const html = await res.text();
  const data = /<script type="application\/json" id="link-texts">([\s\S]*?)<\/script>/.exec(html);
  const text = decode(
    html
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
  // What the script shows: the success, the ends and the refusals (its `codeEnds` are codes, not texts).
  const shown = data ? (({ success, ends, errors }) => [success, ends, errors])(JSON.parse(data[1])) : [];
  return { status: res.status, html, text, scriptTexts: strings(shown), headers: res.headers };
}

/** Words in Latin letters: none may reach a Russian page (the texts name no code, email or brand). */
const latinWords = (texts: string[]) => texts.flatMap((t) => t.match(/[A-Za-z]{2,}/g) ?? []);
const cyrillic = (texts: string[]) => texts.filter((t) => /[А-Яа-яЁё]/.test(t));

function expectRussianEnd(page: Page, heading: string) {
  expect(page.status).toBe(200);
  expect(page.headers.get('content-language')).toBe('ru');
  expect(page.headers.get('vary')).toMatch(/Accept-Language/i);
  expect(page.html).toContain('<html lang="ru">');
  expect(page.text).toContain(heading);
  expect(page.html).not.toMatch(/<form|<input|type="password"/);
  expect(latinWords([page.text])).toEqual([]);
  expect(latinWords(page.scriptTexts)).toEqual([]);
}

function expectEnglishEnd(page: Page, heading: string) {
  expect(page.status).toBe(200);
  expect(page.headers.get('content-language')).toBe('en');
  expect(page.html).toContain('<html lang="en">');
  expect(page.text).toContain(heading);
  expect(page.html).not.toMatch(/<form|<input|type="password"/);
  expect(cyrillic([page.text, ...page.scriptTexts])).toEqual([]);
}

describe.concurrent("link pages in the reader's language", () => {
  it('R3: a used confirmation link opens a page saying so, with what to do next and no password form, in Russian and in English', async () => {
    const { email } = await registerActiveAgent(sys);
    const token = await confirmationToken(sys, email);
    const path = `/confirm?token=${token}`;

    expectRussianEnd(await openPage(path, 'ru-RU,ru;q=0.9,en;q=0.8'), 'Ссылка уже использована');
    // No header, or one naming no language of ours: Russian.
    expectRussianEnd(await openPage(path), 'Ссылка уже использована');
    expectRussianEnd(await openPage(path, 'de-DE,de;q=0.9,*;q=0.5'), 'Ссылка уже использована');
    const english = await openPage(path, 'en-US,en;q=0.9');
    expectEnglishEnd(english, 'This link has already been used');
    expect(english.text).toContain('Sign in');
    // English ranked below Russian stays Russian.
    expectRussianEnd(await openPage(path, 'en;q=0.5,ru;q=0.8'), 'Ссылка уже использована');
  });

  it("R3: an unknown, expired or closed registration's link gets its own page; a live link gets the form in the reader's language", async () => {
    for (const token of ['nonsense', 'A'.repeat(43)]) {
      expectRussianEnd(await openPage(`/confirm?token=${token}`, 'ru'), 'Ссылка не действует');
      expectEnglishEnd(await openPage(`/confirm?token=${token}`, 'en'), 'This link does not work');
    }
    expectRussianEnd(await openPage('/confirm', 'ru'), 'Ссылка не действует');

    const inn = randomInn();
    await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Агентство ${inn}` });
    const email = uniqueEmail('live');
    const registered = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email,
      agencyInn: inn,
      contractPath: 'agent',
    });
    expect(registered.status).toBe(201);
    const token = await confirmationToken(sys, email);

    const live = await openPage(`/confirm?token=${token}`, 'ru');
    expect(live.html).toMatch(/<form id="link" data-endpoint="\/api\/confirmations">/);
    expect(live.html).toContain('type="password"');
    expect(live.text).toContain('Пароль (не короче 10 символов)');
    expect(latinWords([live.text, ...live.scriptTexts])).toEqual([]);
    const liveEn = await openPage(`/confirm?token=${token}`, 'en-GB');
    expect(liveEn.html).toContain('type="password"');
    expect(liveEn.text).toContain('Password (at least 10 characters)');
    expect(cyrillic([liveEn.text, ...liveEn.scriptTexts])).toEqual([]);

    // The link's time ran out (arranged in the table: the deadline itself is R3's own test).
    await sys.pool.query('UPDATE confirmation_tokens SET expires_at = now() WHERE token_hash = $1', [sha256(token)]);
    expectRussianEnd(await openPage(`/confirm?token=${token}`), 'Срок ссылки истёк');
    expectEnglishEnd(await openPage(`/confirm?token=${token}`, 'en'), 'This link has expired');
  });

  it('R25: a used password reset link opens a page saying so and where to ask for a new one, with no form', async () => {
    const p = await activeParticipant(sys, 'reset-page');
    const since = sys.mail.messages.length;
    expect((await sys.call('POST', '/api/password-resets', { email: p.email })).status).toBe(202);
    const mail = await waitFor(async () =>
      sys.mail.messages.slice(since).find((m) => m.to.includes(p.email.toLowerCase()) && /reset-password\?token=/.test(m.text)),
    );
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];

    const live = await openPage(`/reset-password?token=${token}`, 'ru');
    expect(live.html).toContain('type="password"');
    expect(live.headers.get('referrer-policy')).toBe('no-referrer');

    expect(
      (await sys.call('POST', '/api/password-resets/confirm', { token, password: 'a brand new password' }, { apiKey: null })).status,
    ).toBe(200);
    const used = await openPage(`/reset-password?token=${token}`, 'ru');
    expectRussianEnd(used, 'Ссылка уже использована');
    expect(used.text).toContain('Забыли пароль?');
    expectEnglishEnd(await openPage(`/reset-password?token=${token}`, 'en-US,en;q=0.9'), 'This link has already been used');
    expectRussianEnd(await openPage('/reset-password?token=nonsense'), 'Ссылка не действует');
  });

  it('R21: a used link to confirm a new email opens a page saying so, with no button', async () => {
    const support = await signIn(sys, await createStaff(sys, 'support'));
    const { email } = await activeParticipant(sys, 'moving-page');
    const newAddress = uniqueEmail('moved-page');
    const opened = await sys.call('POST', '/api/email-changes', { email, newEmail: newAddress });
    expect(opened.status).toBe(201);
    const form = new FormData();
    form.append('letter', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'letter.pdf');
    form.append('employmentRecord', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'record.pdf');
    expect((await sys.call('POST', `/api/email-changes/${opened.body.id}/documents`, form)).status).toBe(200);
    await waitFor(async () => (await sys.call('GET', `/api/email-changes/${opened.body.id}`)).body.status === 'awaiting_review');
    const approved = await sys.call(
      'POST',
      `/admin/api/email-changes/${opened.body.id}/decision`,
      { decision: 'approve' },
      { apiKey: null, token: support },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const mail = await waitFor(async () =>
      sys.mail.messages.find((m) => m.to.includes(newAddress) && /confirm-email-change\?token=/.test(m.text)),
    );
    const token = /confirm-email-change\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];

    const live = await openPage(`/confirm-email-change?token=${token}`, 'ru');
    expect(live.html).toContain('<button type="submit">Подтвердить адрес</button>');
    expect((await sys.call('POST', '/api/email-change-confirmations', { token }, { apiKey: null })).status).toBe(200);

    expectRussianEnd(await openPage(`/confirm-email-change?token=${token}`, 'ru'), 'Ссылка уже использована');
    expectEnglishEnd(await openPage(`/confirm-email-change?token=${token}`, 'en'), 'This link has already been used');
    expectRussianEnd(await openPage('/confirm-email-change?token=nonsense'), 'Ссылка не действует');
  });
});
