/**
 * The console in both of its languages (issue 14), in a real browser against the whole system. An
 * admin walks every screen the menu offers, and the first record of each list (its show page, or its
 * expand panel), first in Russian: no text a person reads may be English (Latin-only words outside
 * names, emails, codes, ids, URLs and a few allowed words), and no translation key may show raw. Then
 * the same screens in English: no key shows raw there either. Finally a link page (R3) opened in
 * Russian says a refusal after its form in Russian.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasConsequenceCode, incidentConsequenceCodes } from '../../api/incident-consequences.js';
import { raiseStepIncident } from '../../db/incidents.js';
import { createWebinar, enrolledParticipant, sendAttendance, untilEnded, waitForEventStatus } from '../support/earning.js';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import {
  addContract,
  confirm,
  confirmationToken,
  createStaff,
  PDF_LETTER,
  randomInn,
  registerActiveAgent,
  registerIntermediary,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  type TestSystem,
} from '../support/system.js';

/** Each step may wait on a worker or a query on this shared 2-core machine. */
const STEP_MS = 60_000;

/** Latin words a Russian screen may show: formats, products, acronyms and the language menu's own name. */
const ALLOWED = new Set(['PDF', 'CSV', 'PNG', 'JPEG', 'API', 'Temporal', 'Zoom', 'Email', 'English', 'URI', 'Excel', 'UTF', 'otpauth']);
const EMAIL = /[^\s@()«»"]+@[^\s@()«»"]+\.[A-Za-z]{2,}/g;
const URL_LIKE = /\b(?:https?:\/\/|\/)[^\s«»"]*/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** A translation key react-admin shows when a pack lacks it: `resources.x.fields.y`, `ra.action.z`, `console.…`. */
const RAW_KEY = /\b(?:resources|ra|console)\.[A-Za-z_-]+(?:\.[A-Za-z0-9_-]+)+/;

/**
 * A word that is English rather than a name or a code: Latin letters only, not an acronym, a
 * constant, a file name or an allowed word. A snake_case or camelCase word is an untranslated code.
 */
function englishWord(word: string): boolean {
  const w = word.replace(/^[^A-Za-z]+|[^A-Za-z0-9]+$/g, '');
  if (w.length < 2 || ALLOWED.has(w)) return false;
  if (/\d/.test(w)) return false; // a number, contract, SKU or member number
  if (/^[A-Z][A-Z0-9_]+$/.test(w)) return false; // an acronym or a constant (INN, CONFIRMATION_TIMEOUT_MS)
  if (/\.[A-Za-z0-9]{2,4}$/.test(w)) return false; // a file name
  return true;
}

/** A text node a Russian reader would find English: no Cyrillic, and an English word once names and codes are set aside. */
function englishText(text: string, names: readonly string[]): boolean {
  if (/[А-Яа-яЁё]/.test(text)) return false;
  let rest = text;
  for (const name of names) rest = rest.split(name).join(' ');
  rest = rest.replace(EMAIL, ' ').replace(URL_LIKE, ' ').replace(UUID, ' ');
  return (rest.match(/[A-Za-z][A-Za-z0-9_.'’-]*/g) ?? []).some(englishWord);
}

/** The visible text nodes of the page, outside code (ids, step names, technical details). */
const visibleTexts = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element || element.closest('script, style, code, pre, kbd, samp, [translate="no"]')) continue;
      if (element.getClientRects().length === 0 || getComputedStyle(element).visibility === 'hidden') continue;
      if (element.closest('[aria-hidden="true"]')) continue;
      texts.push(text);
    }
    return texts;
  });

/** Waits until the page stops loading and its text stops changing (a list's rows, a show page's tabs). */
async function settle(page: Page): Promise<void> {
  let previous = '';
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    await page.waitForTimeout(250);
    const loading = await page.locator('#main-content [role="progressbar"], .MuiLinearProgress-root').count();
    const text = await page
      .locator('#main-content')
      .innerText()
      .catch(() => '');
    if (loading === 0 && text.length > 0 && text === previous) return;
    previous = text;
  }
}

/** The screens the menu offers (hash routes, with a queue's filter). */
async function menuScreens(page: Page): Promise<string[]> {
  await page.getByRole('menuitem').first().waitFor();
  const hrefs = await page.getByRole('menuitem').evaluateAll((items) => items.map((item) => item.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((href) => href.startsWith('#/')))];
}

interface Finding {
  screen: string;
  text: string;
}

/** What is wrong on the page now: English text (Russian only) and raw translation keys. */
async function findings(page: Page, screen: string, lang: 'ru' | 'en', names: readonly string[]): Promise<Finding[]> {
  const texts = await visibleTexts(page);
  return texts.filter((text) => RAW_KEY.test(text) || (lang === 'ru' && englishText(text, names))).map((text) => ({ screen, text }));
}

/**
 * Walks every screen of the menu and, on each list, its create form (where it has one) and the first
 * row (its show page, its expand panel, or nothing when a row does not open): what `findings` reports
 * on any of them.
 */
async function walk(
  page: Page,
  baseUrl: string,
  lang: 'ru' | 'en',
  names: readonly string[],
  records: readonly string[],
): Promise<{ found: Finding[]; screens: string[] }> {
  const screens = await menuScreens(page);
  const found: Finding[] = [];
  // Every resource's show and edit screens, opened on a record the fixtures made (edit forms included).
  for (const screen of records) {
    await page.goto(`${baseUrl}/admin/${screen}`);
    await settle(page);
    const text = await page.locator('#main-content').innerText();
    expect(text, `${screen} shows its record`).not.toMatch(/^\s*$/);
    found.push(...(await findings(page, screen, lang, names)));
  }
  for (const screen of screens) {
    await page.goto(`${baseUrl}/admin/${screen}`);
    await settle(page);
    found.push(...(await findings(page, screen, lang, names)));
    const create = await page
      .locator('#main-content a[href$="/create"]')
      .first()
      .getAttribute('href', { timeout: 1000 })
      .catch(() => null);
    const firstCell = page.locator('#main-content table tbody tr').first().locator('td').first();
    if ((await firstCell.count()) > 0 && (await firstCell.locator('button, a, input').count()) === 0) {
      const before = page.url();
      await firstCell.click();
      await settle(page);
      found.push(...(await findings(page, page.url() === before ? `${screen} (first row)` : page.url().split('/admin/')[1], lang, names)));
    }
    if (create) {
      await page.goto(`${baseUrl}/admin/${create}`);
      await settle(page);
      found.push(...(await findings(page, create, lang, names)));
    }
  }
  return { found, screens };
}

/**
 * The consequences the workflows write into incidents (their last argument to reportIncident, refuse,
 * stepRefusal or orReport, or the constants they pass): each sentence's literal text, a template's
 * placeholders made into a word.
 */
function workflowConsequences(): string[] {
  const dir = new URL('../../workflows/', import.meta.url);
  const sentences: string[] = [];
  const literal = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const calls = /(?:reportIncident|refuse|stepRefusal|orReport)\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)/g;
    const spans = [...source.matchAll(calls)].map((m) => ({ text: m[1], mail: m[0].startsWith('orReport') }));
    for (const m of source.matchAll(/const (?:AWAITS_ANOTHER_DECISION|consequence) = ([^;]+);/g)) spans.push({ text: m[1], mail: false });
    for (const { text, mail } of spans) {
      for (const m of text.matchAll(literal)) {
        const sentence = (m[1] ?? m[2] ?? m[3]).replace(/\$\{[^}]*\}/g, 'x');
        if (/^[A-Z].*\.$/.test(sentence)) sentences.push(mail ? `No mail was sent. ${sentence}` : sentence);
      }
    }
  }
  return sentences;
}

describe('incident consequences as codes', () => {
  it('issue 14: every consequence a workflow writes has a code, and each code a sentence in Russian and in English', () => {
    const sentences = workflowConsequences();
    expect(sentences.length).toBeGreaterThan(30);
    expect(sentences.filter((sentence) => !hasConsequenceCode(sentence))).toEqual([]);
    for (const file of ['ru', 'en']) {
      const pack = readFileSync(new URL(`../../admin-ui/src/i18n/${file}.ts`, import.meta.url), 'utf8');
      const consequences = pack.slice(pack.indexOf('    consequences: {', pack.indexOf('  incidents: {')));
      expect(
        incidentConsequenceCodes.filter((code) => !consequences.includes(`\n        ${code}:`)),
        file,
      ).toEqual([]);
    }
  });
});

describe('the console in Russian and in English', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    // A short window, so that one event closes (outcomes, a claim); a small donation minimum.
    sys = await startTestSystem({ CREDITING_WINDOW_MS: '5000', DONATION_MINIMUM: '10' });
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  /** Something on (almost) every screen: reviews, participants, points, an event, requests, a fund, a partner, an incident. */
  async function someOfEverything(admin: { email: string; password: string }) {
    const token = await signIn(sys, admin);
    const asAdmin = async (method: string, path: string, body: unknown, status: number) => {
      const res = await sys.call(method, `/admin/api${path}`, body, { apiKey: null, token });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
      return res.body;
    };
    // Two reviews: an intermediary's letter, and an agency the registry does not know (its check found nothing).
    await registerIntermediary(sys);
    const unlisted = uniqueEmail('unlisted');
    const registered = await sys.call('POST', '/api/registrations', {
      firstName: 'Олег',
      lastName: 'Кузнецов',
      email: unlisted,
      agencyInn: randomInn(),
      contractPath: 'agent',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect((await confirm(sys, unlisted)).status).toBe(200);
    const anna = await registerActiveAgent(sys, { firstName: 'Анна', lastName: 'Смирнова', tag: 'walk' });
    await asAdmin('POST', `/participants/${anna.participantId}/adjustments`, { amount: 600, reason: 'Приз за конкурс' }, 201);
    const sku = `CAP-${randomUUID().slice(0, 8)}`;
    await asAdmin('POST', '/catalog', { sku, title: `Кепка ${sku}`, pricePoints: 300, stock: 5 }, 201);
    const order = await sys.call('POST', '/api/orders', { participantId: anna.participantId, sku, quantity: 1, affiliationCheck: true });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    await createWebinar(sys, { startInMs: 3_600_000 });
    const moving = await sys.call('POST', '/api/email-changes', { email: anna.email, newEmail: uniqueEmail('moved') });
    expect(moving.status, JSON.stringify(moving.body)).toBe(201);
    await asAdmin('POST', '/charity-funds', { name: `Фонд «Дети и путешествия» ${sku}`, description: 'Поездки для детей' }, 201);
    await asAdmin(
      'POST',
      '/partners',
      { name: `Сеть отелей ${sku}`, earningRule: { type: 'per_100_roubles', points: 2 }, pendingPeriodMs: 86_400_000, pricePerPoint: 0.5 },
      201,
    );
    await addContract(sys, { contractNumber: `A-${randomInn()}`, contractType: 'agent', inn: randomInn(), legalName: 'ООО «Ромашка»' });
    // A step that failed for good, as a workflow reports it: the server's account is English.
    await raiseStepIncident(sys.pool, {
      key: `walk:${randomUUID()}`,
      workflowId: `participant-walk-${randomUUID()}`,
      subject: { type: 'participant', id: anna.participantId },
      step: 'sendWelcome',
      failureType: 'AddressRefused',
      reason: '550 5.1.1 mailbox unavailable',
      consequence: 'No mail was sent. The participant is active all the same.',
    });
    // An event whose window closed on a report (outcomes, a confirmed report), and a claim on it by someone it missed.
    const closed = await createWebinar(sys);
    await untilEnded(closed);
    // The API takes the report once the crediting workflow has opened the window (R11).
    await waitFor(async () => (await sendAttendance(sys, closed.id, [{ email: anna.email, minutes: 90 }])).status === 201, 5000);
    await waitForEventStatus(sys, closed.id, 'closed');
    const missed = await enrolledParticipant(sys, 'missed');
    const claim = await sys.call('POST', '/api/claims', { email: missed.email, eventId: closed.id, statement: 'Я был на вебинаре' });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    // An adjustment above the four-eyes limit: a request for another staff member.
    await asAdmin('POST', `/participants/${anna.participantId}/adjustments`, { amount: 1500, reason: 'Бонус за год' }, 202);
    // A donation to the fund.
    const [fund] = (await asAdmin('GET', '/charity-funds', undefined, 200)) as Array<{ id: string }>;
    const donation = await sys.call('POST', '/api/donations', { participantId: anna.participantId, fundId: fund.id, points: 20 });
    expect(donation.status, JSON.stringify(donation.body)).toBe(201);
    // An organisation's application with both documents.
    const form = new FormData();
    for (const [k, v] of Object.entries({
      legalName: 'ООО «Вектор»',
      inn: randomInn(),
      kpp: '780101001',
      address: '190000, Санкт-Петербург, Невский пр., д. 1',
      contactName: 'Ольга Иванова',
      contactEmail: uniqueEmail('contact'),
      contractPath: 'agent',
    })) {
      form.append(k, v);
    }
    form.append('applicationForm', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'заявление.pdf');
    form.append('signedContract', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'договор.pdf');
    const applied = await sys.call('POST', '/api/applications', form);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);

    // Every resource's show and edit screen, on its first record (the report: the closed event's).
    const first = async (resource: string) => {
      const rows = (await asAdmin('GET', `/${resource}`, undefined, 200)) as Array<{ id: string }>;
      expect(rows.length, `${resource} has a record`).toBeGreaterThan(0);
      return encodeURIComponent(rows[0].id);
    };
    const records: string[] = [];
    for (const resource of [
      'reviews',
      'participants',
      'events',
      'claims',
      'email-changes',
      'applications',
      'adjustment-requests',
      'orders',
      'charity-funds',
      'partners',
      'mail',
      'api-clients',
    ]) {
      records.push(`#/${resource}/${await first(resource)}/show`);
    }
    for (const resource of ['catalog', 'charity-funds', 'partners', 'api-clients']) records.push(`#/${resource}/${await first(resource)}`);
    records.push(`#/participants/${anna.participantId}/show`, `#/events/${closed.id}/show`);
    const { rows: reports } = await sys.pool.query<{ id: string }>('SELECT id FROM event_reports WHERE event_id = $1', [closed.id]);
    records.push(`#/reports/${reports[0].id}/show`);

    // The names the console shows as they are: staff made by the tests are "Test <role>", API clients "test <uuid>".
    const { rows: staffNames } = await sys.pool.query<{ name: string }>('SELECT name FROM staff_users');
    const { rows: clientNames } = await sys.pool.query<{ name: string }>('SELECT name FROM api_clients');
    return { names: [...staffNames, ...clientNames].map((r) => r.name).sort((a, b) => b.length - a.length), records };
  }

  it('issue 14: an admin walks every screen in Russian and sees no English and no raw key; in English no raw key either', async () => {
    const admin = await createStaff(sys, 'admin');
    const { names, records } = await someOfEverything(admin);
    // The two languages are walked side by side, each in a browser profile of its own (the console
    // keeps its language per profile).
    const inEnglish = await launchConsoleBrowser();
    try {
      const [russian, english] = await Promise.all([walkInRussian(admin, names, records), walkInEnglish(inEnglish, admin, names, records)]);
      expect(english.screens).toEqual(russian.screens);
    } finally {
      await inEnglish.close();
    }
  });

  async function walkInRussian(admin: { email: string; password: string }, names: string[], records: string[]) {
    const { page, pageErrors } = await browser.newPage('languages-ru');
    page.setDefaultTimeout(STEP_MS);
    await signInToConsole(page, sys.baseUrl, admin);

    const russian = await walk(page, sys.baseUrl, 'ru', names, records);
    expect(russian.screens.length).toBeGreaterThan(10);
    expect(russian.found).toEqual([]);

    // The review whose check found nothing says so in Russian (the server's English stays in the API).
    await page.goto(`${sys.baseUrl}/admin/#/reviews`);
    await page
      .getByRole('cell', { name: /Кузнецов/ })
      .first()
      .click();
    await page.getByText('Подходящего договора в реестре нет').waitFor();
    // The incident: a sentence from its codes; the server's account only on request.
    await page.goto(`${sys.baseUrl}/admin/#/incidents`);
    await page
      .getByText('Процесс «Участник»: шаг не удался окончательно. Почтовый сервер отказался принять письмо на этот адрес.')
      .waitFor();
    // …and what the workflow did about it, from its code (the workflow wrote it in English).
    await page.getByTestId('incident-consequence').getByText('Письмо не отправлено; участник всё равно активен.').first().waitFor();
    // The audit log: sentences, with the particulars in the row's panel.
    await page.goto(`${sys.baseUrl}/admin/#/audit`);
    await page
      .getByTestId('audit-sentence')
      .filter({ hasText: 'Запрошена корректировка баллов участника Анна Смирнова' })
      .first()
      .waitFor();
    expect(await page.getByText('{"').count()).toBe(0);
    expect(await page.getByText(/«api:/).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    return russian;
  }

  async function walkInEnglish(profile: ConsoleBrowser, admin: { email: string; password: string }, names: string[], records: string[]) {
    const { page, pageErrors } = await profile.newPage('languages-en');
    page.setDefaultTimeout(STEP_MS);
    await signInToConsole(page, sys.baseUrl, admin);
    // English, chosen in the language menu.
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('button', { name: 'English' }).waitFor();
    const english = await walk(page, sys.baseUrl, 'en', names, records);
    expect(english.found).toEqual([]);
    await page.goto(`${sys.baseUrl}/admin/#/audit`);
    await page.getByTestId('audit-sentence').filter({ hasText: 'Asked to adjust the points of Анна Смирнова' }).first().waitFor();
    expect(pageErrors).toEqual([]);
    return english;
  }

  it('R3: a confirmation page opened in Russian says in Russian that its link was used meanwhile, and drops the form', async () => {
    const inn = randomInn();
    await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Агентство ${inn}` });
    const email = uniqueEmail('twice');
    const registered = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email,
      agencyInn: inn,
      contractPath: 'agent',
    });
    expect(registered.status).toBe(201);
    const token = await confirmationToken(sys, email);

    const { page, pageErrors } = await browser.newPage('link-page');
    page.setDefaultTimeout(STEP_MS);
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'ru-RU,ru;q=0.9' });
    await page.goto(`${sys.baseUrl}/confirm?token=${token}`);
    await page.getByLabel('Пароль (не короче 10 символов)').fill('short');
    // Too short for the API (the browser's own check is bypassed): said in Russian, the form stays.
    await page.evaluate(() => document.getElementById('link')!.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByRole('status').getByText('Пароль должен быть не короче 10 символов.').waitFor();

    // Meanwhile the link is used elsewhere (another tab): the form's answer is the page's "used" end.
    expect((await sys.call('POST', '/api/confirmations', { token, password: 'correct horse battery' }, { apiKey: null })).status).toBe(200);
    await page.getByLabel('Пароль (не короче 10 символов)').fill('another long password');
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByRole('heading', { name: 'Ссылка уже использована' }).waitFor();
    expect(await page.locator('form, input[type="password"]').count()).toBe(0);
    const texts = await visibleTexts(page);
    expect(texts.filter((t) => englishText(t, []))).toEqual([]);
    await waitFor(
      async () =>
        (await sys.pool.query(`SELECT 1 FROM participants WHERE id = $1 AND confirmed_at IS NOT NULL`, [registered.body.participantId]))
          .rowCount,
    );
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
