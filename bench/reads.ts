/**
 * `npx tsx bench/reads.ts`: reads at scale (issue 12). For each size of BENCH_SIZES (participants,
 * ascending; default 1,000,000), the data set grows to that many participants with
 * BENCH_ENTRIES_PER_PARTICIPANT ledger entries each (20: 20,000,000 rows at a million), their lots and
 * lot movements, stored balances, BENCH_MAIL_PER_PARTICIPANT mails (2) and BENCH_AUDIT_PER_PARTICIPANT
 * audit entries (1) — written set-based in SQL, a few statements per table, secondary indexes dropped
 * during the load and built after (the time is reported). Then, one request at a time, BENCH_READS
 * (300) of each:
 *
 * - participant reads over HTTP with the client API key: `GET /api/registrations/:id/ledger?limit=50`
 *   (balance, open lots, next expiry and the first history page by key), the same page two pages on
 *   (`after`), and the whole unpaged ledger as before; participants picked at random;
 * - staff lists over HTTP with a staff session (Bearer): participants, mail and the audit log, with
 *   the console's default sort, its filters and other sorts.
 *
 * The API runs in a process of its own (api/main.ts, as in production): this process is the client.
 *
 * Reference, measured in the same run beside each read: the same page's bare SQL on a pg pool (the
 * statement the repository runs for the rows, no count, no JSON), so the gap is what the API adds
 * (HTTP, session, JSON, the total); and once, `GET /health/live` (an express route answering a
 * constant): the floor of any HTTP read on this machine.
 *
 * Each kind of participant read reads participants of its own (their pages cold, as a random
 * participant's are in life). BENCH_ONLY=ledger runs only the reads whose name holds it.
 * A kind of read stops after BENCH_READ_SECONDS (20) once it has made 5 (a read that scans a million
 * rows would otherwise take hours); its figures say how many it made.
 *
 * Sizes: BENCH_SIZES=10000,100000,1000000. BENCH_DATABASE_URL: use (and keep) that database,
 * migrated, growing it only past the participants it holds (generate once, measure many times);
 * otherwise a scratch database (BENCH_DATABASE_ADMIN_URL, else the local server, else embedded),
 * dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClientIdByName, createApiKey, issueApiKey } from '../db/api-keys.js';
import { readLedger } from '../api/ledger-history.js';
import { ledgerOwner, participantLedger } from '../db/ledger-reads.js';
import { insertBenchAudit } from '../db/audit.js';
import { insertBenchEvents } from '../db/events.js';
import { insertBenchLedger } from '../db/ledger.js';
import { insertBenchMail } from '../db/mail.js';
import { insertBenchAgencies, insertBenchParticipants } from '../db/participants.js';
import {
  auditPage,
  bulkLoad,
  loadedRows,
  mailPage,
  mailedParticipants,
  participantsPage,
  pickBenchParticipants,
  vacuumLoaded,
  type PageStatement,
} from '../db/read-benchmark.js';
import { migrate } from '../db/migrate.js';
import { createStaffUser } from '../db/staff.js';
import { createPool, type Pool } from '../db/pool.js';
import { startMailCatcher } from '../infra/mail-catcher.js';
import { createScratchDatabase } from '../infra/scratch-database.js';
import { startTemporalDevServer } from '../infra/temporal-dev-server.js';
import { startApiProcess } from './processes.js';
import { printResult, type BenchFigure } from './report.js';
import { intArg, percentile, say } from './system.js';

const sizes = (process.env.BENCH_SIZES || '1000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .sort((a, b) => a - b);
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('BENCH_SIZES: participant counts, at least 100 each');
const perParticipant = intArg('BENCH_ENTRIES_PER_PARTICIPANT', 20);
const mailPer = intArg('BENCH_MAIL_PER_PARTICIPANT', 2);
const auditPer = intArg('BENCH_AUDIT_PER_PARTICIPANT', 1);
const reads = intArg('BENCH_READS', 300);
const budgetSeconds = intArg('BENCH_READ_SECONDS', 20);
/** participants per kind of participant read: its reads and its warm-up */
const stride = reads + 5;
/** only the reads whose name holds this (all when unset) */
const only = process.env.BENCH_ONLY;
const pageSize = 50;
// Entries per participant: pairs (a credit, then a debit of its lot) and credits alone after them.
const pairs = Math.floor(perParticipant * 0.4);
const credits = perParticipant - pairs; // pairs of them are followed by a debit
const agencyEvery = 100; // participants per agency
const eventCount = 500;

const stack: Array<() => Promise<void>> = [];
const stop = async () => {
  for (const step of stack.reverse()) await step().catch((err) => say(`stop: ${(err as Error).message}`));
};

const timed = async <T>(work: () => Promise<T>) => {
  const t0 = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - t0) / 1000 };
};

// ---- the data set -------------------------------------------------------------------------------

/**
 * Grows the data set from `from` to `to` participants (numbered from..to-1), set-based, each table
 * by its owner (insertBench…), with secondary indexes dropped for the load and built after.
 */
async function grow(pool: Pool, from: number, to: number, clientId: string): Promise<Record<string, number>> {
  const steps: Record<string, number> = {};
  const step = async (name: string, statement: () => Promise<unknown>) => {
    const { seconds } = await timed(statement);
    steps[name] = (steps[name] ?? 0) + seconds;
    say(`  ${name}: ${seconds.toFixed(1)} s`);
  };
  const block = { from, to, agencyEvery, clientId };
  await bulkLoad(
    pool,
    async () => {
      if (from === 0) await step('events', () => insertBenchEvents(pool, eventCount));
      await step('agencies', () => insertBenchAgencies(pool, block));
      await step('participants', () => insertBenchParticipants(pool, block));
      await insertBenchLedger(pool, { from, to, credits, pairs, eventCount }, step);
      await step('mail', () => insertBenchMail(pool, from, to, mailPer, agencyEvery));
      await step('audit', () => insertBenchAudit(pool, from, to, auditPer));
    },
    (name, seconds) => {
      steps.indexes = (steps.indexes ?? 0) + seconds;
      say(`  index ${name}: ${seconds.toFixed(1)} s`);
    },
  );
  await step('vacuum', () => vacuumLoaded(pool));
  return steps;
}

// ---- the reads ----------------------------------------------------------------------------------

interface Read {
  name: string;
  /** the HTTP path (with its query) for the i-th read */
  path: (i: number) => string;
  /** the page's bare SQL for the i-th read: the reference */
  sql?: (i: number) => PageStatement;
  /** or the repository's reads of the answer, on a pool: the reference */
  direct?: (i: number) => Promise<unknown>;
  auth: 'client' | 'staff';
}

const listParams = (sort: [string, 'ASC' | 'DESC'], filter: Record<string, unknown> = {}, range: [number, number] = [0, 24]) =>
  `sort=${encodeURIComponent(JSON.stringify(sort))}&range=${encodeURIComponent(JSON.stringify(range))}&filter=${encodeURIComponent(JSON.stringify(filter))}`;

/**
 * p50 and p99 of `n` reads one at a time, after a few to warm up; a read slower than the budget
 * (BENCH_READ_SECONDS for all of a kind's reads) stops early, and the figures say how many it made.
 */
async function measure(label: string, n: number, once: (i: number) => Promise<unknown>) {
  const deadline = performance.now() + budgetSeconds * 1000;
  for (let i = 0; i < 3 && performance.now() < deadline; i++) await once(i); // warm-up
  const latencies: number[] = [];
  for (let i = 0; i < n && (latencies.length < 5 || performance.now() < deadline); i++) {
    const t0 = performance.now();
    await once(i);
    latencies.push(performance.now() - t0);
  }
  const r = { p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length };
  const cut = r.n < n ? ` (${r.n} reads: the budget of ${budgetSeconds} s ran out)` : '';
  say(`    ${label.padEnd(60)} p50 ${r.p50.toFixed(2).padStart(8)} ms   p99 ${r.p99.toFixed(2).padStart(8)} ms${cut}`);
  return r;
}

// ---- the run ------------------------------------------------------------------------------------

const figures: BenchFigure[] = [];
const notes: string[] = [];
try {
  let databaseUrl = process.env.BENCH_DATABASE_URL;
  if (databaseUrl) {
    await migrate(databaseUrl);
  } else {
    const db = await createScratchDatabase('bonus_bench_reads', process.env.BENCH_DATABASE_ADMIN_URL, say);
    stack.push(() => db.drop());
    databaseUrl = db.url;
  }
  const [server, mail] = await Promise.all([startTemporalDevServer({ uiPort: null, log: say }), startMailCatcher()]);
  stack.push(
    () => server.stop(),
    () => mail.stop(),
  );
  // The API's port and PUBLIC_URL are chosen as it starts (startApiProcess).
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: server.address,
    SMTP_URL: mail.url,
    TOKEN_SECRET: randomUUID(),
    LOG_LEVEL: 'warn',
  };
  const pool = createPool(databaseUrl, 4);
  stack.push(() => pool.end());
  // The client that registered every generated participant (the client API shows a client its own only).
  const clientId = (await apiClientIdByName(pool, 'bench-reads')) ?? (await createApiKey(pool, 'bench-reads')).client.id;
  const { key: readerKey } = await issueApiKey(pool, clientId);

  // The API in a process of its own, as in production: the reads' client (this process) shares no
  // event loop, heap or collector with it.
  const logs = mkdtempSync(join(tmpdir(), 'bonus-bench-reads-'));
  stack.push(async () => rmSync(logs, { recursive: true, force: true }));
  const api = await startApiProcess(env, logs);
  stack.push(() => api.stop());
  say(`API pid ${api.pid} (log ${api.logFile})`);
  const password = `pw-${randomUUID()}`;
  const staff = await createStaffUser(pool, {
    email: `bench-${randomUUID().slice(0, 8)}@operator.example`,
    name: 'Bench',
    role: 'admin',
    password,
  });
  const login = await fetch(`${api.url}/admin/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: staff.email, password }),
  });
  if (login.status !== 200) throw new Error(`staff sign-in: HTTP ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };

  const sqlPool = createPool(databaseUrl, 4);
  stack.push(() => sqlPool.end());

  let have = await loadedRows(pool, 'participants');
  const generation: Array<{ participants: number; seconds: number }> = [];

  for (const size of sizes) {
    if (have < size) {
      say(`growing the data set from ${have} to ${size} participants (${perParticipant} entries each)...`);
      const { result: steps, seconds } = await timed(() => grow(pool, have, size, clientId));
      generation.push({ participants: size, seconds });
      say(
        `generated in ${seconds.toFixed(1)} s: ${Object.entries(steps)
          .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
          .join(', ')}`,
      );
      have = size;
    }
    const [entries, lotCount, mails, audits] = await Promise.all(
      (['ledger_entries', 'lots', 'sent_mail', 'audit_log'] as const).map((table) => loadedRows(pool, table)),
    );
    say(
      `${have} participants, ${entries} ledger entries, ${lotCount} lots, ${mails} mails, ${audits} audit entries; ${reads} reads of each, one at a time:`,
    );

    // Random participants of the generated ones (the statement of the pick runs before the clock).
    const picked = await pickBenchParticipants(pool, size, 6 * stride);
    // Each kind of read its own participants (slot k), so that no read finds the pages an earlier
    // one brought into the cache: a random participant's lots and entries are read cold, as in life.
    const slot = (k: number) => (i: number) => picked[(k * stride + i) % picked.length];
    const pid = slot(5);
    // The third page's key of each picked participant (the id below which the page starts).
    const afters = new Map<string, number>();
    for (const id of picked) {
      const firstTwo = await participantLedger(pool, id, { limit: Math.min(2 * pageSize, perParticipant) });
      afters.set(id, firstTwo.at(-1)?.id ?? 1);
    }
    const someMail = await mailedParticipants(pool);
    const mailOf = (i: number) => someMail[i % Math.max(1, someMail.length)] ?? pid(i);

    // The answer's database reads, as the route makes them (whose it is, and the ledger), straight on a pool.
    const ledgerReads = (who: (i: number) => string, after: (id: string) => number | null) => async (i: number) =>
      Promise.all([ledgerOwner(sqlPool, who(i)), readLedger(sqlPool, who(i), { limit: pageSize, after: after(who(i)) ?? undefined })]);
    const readsToRun: Read[] = [
      {
        name: 'ledger, first page (limit=50)',
        path: (i) => `/api/registrations/${slot(0)(i)}/ledger?limit=${pageSize}`,
        direct: ledgerReads(slot(1), () => null),
        auth: 'client',
      },
      {
        name: 'ledger, third page (after=…)',
        path: (i) => `/api/registrations/${slot(2)(i)}/ledger?limit=${pageSize}&after=${afters.get(slot(2)(i))}`,
        direct: ledgerReads(slot(3), (id) => afters.get(id) ?? null),
        auth: 'client',
      },
      { name: 'ledger, unpaged (every entry)', path: (i) => `/api/registrations/${slot(4)(i)}/ledger`, auth: 'client' },
      {
        name: 'participants, default sort (registered_at DESC)',
        path: () => `/admin/api/participants?${listParams(['registered_at', 'DESC'])}`,
        sql: () => participantsPage('', 'registered_at DESC, id'),
        auth: 'staff',
      },
      {
        name: 'participants, status=closed',
        path: () => `/admin/api/participants?${listParams(['registered_at', 'DESC'], { status: 'closed' })}`,
        sql: () => participantsPage(`WHERE status = 'closed'`, 'registered_at DESC, id'),
        auth: 'staff',
      },
      {
        name: 'participants, sort last_name ASC',
        path: () => `/admin/api/participants?${listParams(['last_name', 'ASC'])}`,
        sql: () => participantsPage('', 'last_name, id'),
        auth: 'staff',
      },
      {
        name: 'participants, sort balance DESC',
        path: () => `/admin/api/participants?${listParams(['balance', 'DESC'])}`,
        auth: 'staff',
      },
      {
        name: 'participants, name filter (R24)',
        path: (i) => `/admin/api/participants?${listParams(['registered_at', 'DESC'], { name: `Ольга Попова-${(i * 7919) % 100003}` })}`,
        auth: 'staff',
      },
      {
        name: 'participants, search q (an email)',
        path: (i) => `/admin/api/participants?${listParams(['registered_at', 'DESC'], { q: `agent${(i * 7919) % size}@` })}`,
        auth: 'staff',
      },
      {
        name: 'mail, default sort (created_at DESC)',
        path: () => `/admin/api/mail?${listParams(['created_at', 'DESC'])}`,
        sql: () => mailPage(),
        auth: 'staff',
      },
      {
        name: "mail, one participant's",
        path: (i) => `/admin/api/mail?${listParams(['created_at', 'DESC'], { participant_id: mailOf(i) })}`,
        sql: (i) => mailPage(mailOf(i)),
        auth: 'staff',
      },
      {
        name: 'mail, search q (an address)',
        path: (i) => `/admin/api/mail?${listParams(['created_at', 'DESC'], { q: `agent${(i * 7919) % size}@` })}`,
        auth: 'staff',
      },
      {
        name: 'audit, default sort (at DESC)',
        path: () => `/admin/api/audit?${listParams(['at', 'DESC'])}`,
        sql: () => auditPage(),
        auth: 'staff',
      },
      {
        name: 'audit, action filter',
        path: () => `/admin/api/audit?${listParams(['at', 'DESC'], { action: 'order.decided' })}`,
        sql: () => auditPage('order.decided'),
        auth: 'staff',
      },
      {
        name: 'audit, one subject',
        path: (i) => `/admin/api/audit?${listParams(['at', 'DESC'], { subject_id: pid(i) })}`,
        auth: 'staff',
      },
    ];
    const headers = { client: { 'x-api-key': readerKey }, staff: { authorization: `Bearer ${token}` } };
    const floor = await measure('GET /health/live (constant, the HTTP floor)', reads, async () => {
      const res = await fetch(`${api.url}/health/live`);
      await res.arrayBuffer();
    });
    figures.push({ name: `HTTP floor: GET /health/live, p99 (${size} participants)`, value: floor.p99, unit: 'ms', better: 'lower' });
    for (const read of readsToRun.filter((r) => !only || r.name.includes(only))) {
      const http = await measure(`HTTP ${read.name}`, reads, async (i) => {
        const res = await fetch(`${api.url}${read.path(i)}`, { headers: headers[read.auth] });
        if (res.status !== 200) throw new Error(`${read.name}: HTTP ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      });
      const ref = read.sql
        ? await measure(`  SQL ${read.name}`, reads, async (i) => {
            const q = read.sql!(i);
            await sqlPool.query(q.text, q.values);
          })
        : read.direct
          ? await measure(`  reads on a pool: ${read.name}`, reads, read.direct)
          : null;
      figures.push({
        name: `${read.name}, p99 (${size} participants${http.n < reads ? `, ${http.n} reads` : ''})`,
        value: http.p99,
        unit: 'ms',
        better: 'lower',
        reference: ref
          ? { name: read.sql ? 'the bare page SQL through pg' : "the route's reads straight on a pool", value: ref.p99 }
          : { name: 'GET /health/live', value: floor.p99 },
        target: '< 10 ms',
      });
      figures.push({ name: `${read.name}, p50 (${size} participants)`, value: http.p50, unit: 'ms', better: 'lower' });
    }
  }
  for (const g of generation) {
    figures.push({ name: `data set generated to ${g.participants} participants`, value: g.seconds, unit: 's', better: 'lower' });
  }
  notes.push(
    `${perParticipant} ledger entries, ${mailPer} mails, ${auditPer} audit entries per participant; ${reads} reads of each, one at a time`,
  );
  printResult({ bench: 'reads', size: { participants: sizes.at(-1)!, entriesPerParticipant: perParticipant, reads }, figures, notes });
} finally {
  await stop();
}
