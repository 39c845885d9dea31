/**
 * The console's substring searches (issue 12) on the real PostgreSQL and API: whichever part of the
 * term the trigram index is given (db/trigrams.ts weighs the parts against a sample of the column and
 * the table's size: test/unit/trigrams.test.ts), the whole term decides, literally. The participants
 * and mails here share most of their trigrams, as the benchmark's do.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMail } from '../../db/mail.js';
import { insertActiveParticipants } from '../../db/participants.js';
import { createStaff, signIn, startTestSystem, type TestSystem } from '../support/system.js';

const COUNT = 2500;
let sys: TestSystem;
let admin: string;
let tag: string;
let emailOf: (i: number) => string;

beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
  admin = await signIn(sys, await createStaff(sys, 'admin'));
  tag = randomUUID().slice(0, 6);
  emailOf = await insertActiveParticipants(sys.pool, COUNT, tag);
  for (let from = 1; from <= COUNT; from += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, COUNT + 1 - from) }, (_, k) =>
        recordMail(sys.pool, {
          key: `search:${tag}:${from + k}`,
          participantId: null,
          kind: 'notice',
          to: emailOf(from + k),
          subject: 'S',
          text: 'T',
        }),
      ),
    );
  }
});
afterAll(async () => sys?.close());

const list = (resource: string, filter: Record<string, unknown>) =>
  sys.call(
    'GET',
    `/admin/api/${resource}?range=${encodeURIComponent('[0,99]')}&filter=${encodeURIComponent(JSON.stringify(filter))}`,
    undefined,
    { apiKey: null, token: admin },
  );

describe('a search finds what contains the term, whichever part the index reads', () => {
  it('issue 12: an address whose every row shares the beginning is found alone, in the mail and among participants', async () => {
    const term = `${tag}.1234@`;

    const mail = await list('mail', { q: term.toUpperCase() });
    expect(mail.status).toBe(200);
    expect(mail.body.map((m: { to_address: string }) => m.to_address)).toEqual([emailOf(1234)]);
    expect(mail.headers.get('content-range')).toBe('mail 0-0/1');

    const people = await list('participants', { q: term });
    expect(people.status).toBe(200);
    expect(people.body.map((p: { email: string }) => p.email)).toEqual([emailOf(1234)]);
  });

  it('issue 12: a term that every row contains finds them all, and the part common to them alone is not mistaken for the term', async () => {
    const all = await list('mail', { q: `${tag}.` });
    expect(all.body).toHaveLength(100);
    expect(all.body.every((m: { to_address: string }) => m.to_address.includes(`${tag}.`))).toBe(true);
    // `123` is in 1230–1239 and 123, 1123, 2123: the part the index reads finds more, the term keeps its own.
    const some = await list('mail', { q: `${tag}.123@` });
    expect(some.body.map((m: { to_address: string }) => m.to_address)).toEqual([emailOf(123)]);
  });

  it('issue 12: `%` and `_` in a term are characters, not wildcards', async () => {
    for (const q of [`${tag}_1234@`, `${tag}%1234@`, `mass_${tag}`]) {
      const mail = await list('mail', { q });
      expect(mail.status).toBe(200);
      expect(mail.body).toEqual([]);
      expect((await list('participants', { q })).body).toEqual([]);
    }
  });

  it('R24: a name filter of several words finds the participants whose name holds each word', async () => {
    const found = await list('participants', { name: 'анна ТЕСТ123' });
    expect(found.status).toBe(200);
    // Тест123 and Тест1230 to Тест1239 (not Тест1123: the word is one piece).
    const expected = [123, ...Array.from({ length: 10 }, (_, k) => 1230 + k)].map(emailOf);
    expect(found.body.map((p: { email: string }) => p.email).sort()).toEqual(expected.sort());
  });

  it('R24: beside a rare word, a common word or one too short for the index is matched on the rows the rare one finds', async () => {
    const emails = (res: { body: Array<{ email: string }> }) => res.body.map((p) => p.email);
    expect(emails(await list('participants', { name: 'Анна тест1234' }))).toEqual([emailOf(1234)]);
    expect(emails(await list('participants', { name: 'тест1234 ан' }))).toEqual([emailOf(1234)]);
    // Each word still has to match.
    expect(emails(await list('participants', { name: 'ольга тест1234' }))).toEqual([]);
    expect(emails(await list('participants', { name: 'Анна тест1234 ю' }))).toEqual([]);
  });
});
