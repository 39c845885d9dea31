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
import { createApiKey, issueApiKey } from '../db/api-keys.js';
import { readLedger } from '../api/ledger-history.js';
import { ledgerOwner } from '../db/ledger-reads.js';
import { participantSelect } from '../db/participants.js';
import { migrate } from '../db/migrate.js';
import { createStaffUser } from '../db/staff.js';
import { createPool, type Pool } from '../db/pool.js';
import { startMailCatcher } from '../infra/mail-catcher.js';
import { createScratchDatabase } from '../infra/scratch-database.js';
import { freePort } from '../infra/ports.js';
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

/** Secondary indexes of the loaded tables (not those behind a constraint): dropped for the load, built after. */
async function dropSecondaryIndexes(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public'
        AND i.tablename IN ('participants', 'ledger_entries', 'lots', 'lot_movements', 'balances', 'sent_mail', 'audit_log')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const r of rows) await pool.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

/**
 * Grows the data set from `from` to `to` participants (numbered from..to-1), set-based. Entry,
 * lot and movement ids are computed (a block of ids per kind), so no statement joins another's rows.
 */
async function grow(pool: Pool, from: number, to: number, clientId: string): Promise<Record<string, number>> {
  const n = to - from;
  const steps: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const { seconds } = await timed(() => pool.query(sql, params));
    steps[name] = (steps[name] ?? 0) + seconds;
    say(`  ${name}: ${seconds.toFixed(1)} s`);
  };
  // Rows written here are consistent by construction: no foreign key or trigger needs to check them.
  await pool.query('SET session_replication_role = replica').catch(() => say('  (foreign keys checked: not a superuser)'));
  await pool.query(`SET maintenance_work_mem = '512MB'`);
  const [{ entryBase }] = (
    await pool.query<{ entryBase: number }>('SELECT coalesce(max(id), 0)::bigint AS "entryBase" FROM ledger_entries')
  ).rows;
  const [{ lotBase }] = (await pool.query<{ lotBase: number }>('SELECT coalesce(max(id), 0)::bigint AS "lotBase" FROM lots')).rows;
  const [{ moveBase }] = (await pool.query<{ moveBase: number }>('SELECT coalesce(max(id), 0)::bigint AS "moveBase" FROM lot_movements'))
    .rows;
  const indexes = await dropSecondaryIndexes(pool);
  try {
    if (from === 0) {
      await step(
        'events',
        `INSERT INTO events (id, kind, title, points, starts_at, ends_at, window_closes_at, min_live_minutes, crediting_status, workflow_id, created_by)
         SELECT md5('bench-event-' || g)::uuid, 'destination_webinar', 'Вебинар ' || g, 100, now() - interval '800 days',
                now() - interval '800 days' + interval '1 hour', now() - interval '790 days', 30, 'closed', 'bench-event-' || g, 'bench'
           FROM generate_series(1, $1::int) g`,
        [eventCount],
      );
    }
    await step(
      'agencies',
      `INSERT INTO agencies (id, inn, legal_name)
       SELECT md5('bench-agency-' || g)::uuid, '9' || lpad(g::text, 9, '0'), 'ООО Агентство ' || (g * 7919 % 100003)
         FROM generate_series($1::int / ${agencyEvery}, ($2::int - 1) / ${agencyEvery}) g
       ON CONFLICT DO NOTHING`,
      [from, to],
    );
    // Statuses as a live program has them: mostly active, some closed, some still registering.
    await step(
      'participants',
      `INSERT INTO participants (id, workflow_id, email, email_normalized, first_name, last_name, agency_id, contract_path, status,
                                 member_number, registered_at, confirmed_at, activated_at, client_id)
       SELECT md5('bench-participant-' || i)::uuid, 'bench-' || i, e, e,
              (ARRAY['Анна', 'Мария', 'Елена', 'Ольга', 'Ирина', 'Дмитрий', 'Сергей', 'Алексей', 'Наталья', 'Павел'])[1 + i % 10],
              (ARRAY['Иванова', 'Петрова', 'Смирнова', 'Кузнецова', 'Попова', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов'])[1 + (i / 10) % 10]
                || '-' || (i::bigint * 7919 % 100003),
              md5('bench-agency-' || (i / ${agencyEvery}))::uuid, 'agent', s.status, 500000000 + i, r.at,
              CASE WHEN s.status <> 'pending_confirmation' THEN r.at + interval '1 hour' END,
              CASE WHEN s.status IN ('active', 'closed') THEN r.at + interval '1 day' END, $3::uuid
         FROM generate_series($1::int, $2::int - 1) i,
              LATERAL (SELECT 'agent' || i || '@agency' || (i / ${agencyEvery}) || '.example' AS e) m,
              LATERAL (SELECT now() - interval '3 days' - ((i::bigint * 2654435761) % 63072000) * interval '1 second' AS at) r,
              LATERAL (SELECT CASE WHEN i % 97 = 0 THEN 'closed' WHEN i % 53 = 0 THEN 'pending_confirmation' ELSE 'active' END AS status) s`,
      [from, to, clientId],
    );
    // Slot s of participant i (0-based within the block j = i - from) is entry entryBase + s*n + j + 1:
    // one participant's entries lie n rows apart, as months of crediting scatter them. Slots 0..2·pairs-1
    // alternate a credit and a debit of its lot (an expiry every fourth pair, else a spend of half);
    // the credits after them keep all their points. Credit k (0-based) is lot lotBase + k*n + j + 1.
    const credit = `
       SELECT i, i - $1::int AS j, k,
              CASE WHEN k < ${pairs} THEN 2 * k ELSE ${pairs} + k END AS slot,
              (10 + (i * 31 + k * 17) % 50 * 10)::bigint AS amount,
              k < ${pairs} AND k % 4 = 3 AS expired,
              k < ${pairs} AND k % 4 <> 3 AS spent
         FROM generate_series($1::int, $2::int - 1) i, generate_series(0, ${credits - 1}) k`;
    const at = (slot: string) =>
      `now() - interval '700 days' + ((${slot}) * 30 + (i % 30)) * interval '1 day' + (i % 86400) * interval '1 second'`;
    await step(
      'ledger credits',
      `INSERT INTO ledger_entries (id, participant_id, amount, kind, source_type, source_id, idempotency_key, created_at)
       SELECT ${entryBase} + c.slot::bigint * ${n} + c.j + 1, md5('bench-participant-' || c.i)::uuid, c.amount, 'credit',
              CASE WHEN c.k = 0 THEN 'welcome' WHEN c.k % 3 = 0 THEN 'adjustment' ELSE 'webinar' END,
              CASE WHEN c.k = 0 THEN md5('bench-participant-' || c.i)::uuid::text WHEN c.k % 3 = 0 THEN 'bench'
                   ELSE md5('bench-event-' || (1 + (c.i + c.k) % ${eventCount}))::uuid::text END,
              'bench:' || c.i || ':' || c.k, ${at('c.slot')}
         FROM (${credit}) c`,
      [from, to],
    );
    await step(
      'lots',
      `INSERT INTO lots (id, participant_id, entry_id, amount, remaining, accrued_at, expires_at, noticed_at, expiries)
       SELECT ${lotBase} + c.k::bigint * ${n} + c.j + 1, md5('bench-participant-' || c.i)::uuid, ${entryBase} + c.slot::bigint * ${n} + c.j + 1,
              c.amount, CASE WHEN c.expired THEN 0 WHEN c.spent THEN c.amount - c.amount / 2 ELSE c.amount END,
              ${at('c.slot')},
              CASE WHEN c.expired THEN ${at('c.slot')} + interval '1 day' ELSE now() + (1 + (c.i + c.k * 37) % 700) * interval '1 day' END,
              now(), CASE WHEN c.expired THEN 1 ELSE 0 END
         FROM (${credit}) c`,
      [from, to],
    );
    // The debits: slot 2k+1 takes from credit k's lot (k < pairs).
    const debit = `SELECT c.*, ${entryBase} + (c.slot + 1)::bigint * ${n} + c.j + 1 AS entry_id, ${lotBase} + c.k::bigint * ${n} + c.j + 1 AS lot_id,
                          CASE WHEN c.expired THEN c.amount ELSE c.amount / 2 END AS taken
                     FROM (${credit}) c WHERE c.k < ${pairs}`;
    await step(
      'ledger debits',
      `INSERT INTO ledger_entries (id, participant_id, amount, kind, source_type, source_id, idempotency_key, created_at, created_by)
       SELECT d.entry_id, md5('bench-participant-' || d.i)::uuid, -d.taken, CASE WHEN d.expired THEN 'expire' ELSE 'spend' END,
              CASE WHEN d.expired THEN 'expiry' ELSE 'order' END,
              CASE WHEN d.expired THEN d.lot_id::text ELSE md5('bench-order-' || d.i || ':' || d.k)::uuid::text END,
              CASE WHEN d.expired THEN 'expire:' || d.lot_id || ':1' ELSE 'bench:' || d.i || ':spend:' || d.k END,
              ${at('d.slot + 1')}, CASE WHEN d.expired THEN NULL ELSE 'bench' END
         FROM (${debit}) d`,
      [from, to],
    );
    await step(
      'lot movements',
      `INSERT INTO lot_movements (id, lot_id, entry_id, amount)
       SELECT ${moveBase} + d.k::bigint * ${n} + d.j + 1, d.lot_id, d.entry_id, d.taken FROM (${debit}) d`,
      [from, to],
    );
    const balances = (await pool.query<{ t: string | null }>(`SELECT to_regclass('balances')::text AS t`)).rows[0].t;
    if (balances) {
      await step(
        'balances',
        `INSERT INTO balances (participant_id, available, held)
         SELECT md5('bench-participant-' || c.i)::uuid, sum(CASE WHEN c.expired THEN 0 WHEN c.spent THEN c.amount - c.amount / 2 ELSE c.amount END), 0
           FROM (${credit}) c GROUP BY c.i`,
        [from, to],
      );
    }
    await step(
      'mail',
      `INSERT INTO sent_mail (idempotency_key, participant_id, kind, to_address, subject, body_text, message_id, created_at, sent_at)
       SELECT 'bench:mail:' || i || ':' || m, md5('bench-participant-' || i)::uuid,
              (ARRAY['registration_confirmation', 'welcome', 'expiry_notice', 'order_completed'])[1 + (i + m) % 4],
              'agent' || i || '@agency' || (i / ${agencyEvery}) || '.example', 'Бонусная программа', 'Здравствуйте!',
              '<bench.' || i || '.' || m || '@bonus-program>', t.at, t.at
         FROM generate_series($1::int, $2::int - 1) i, generate_series(1, ${mailPer}) m,
              LATERAL (SELECT now() - ((i::bigint * 2654435761 + m * 40503) % 63072000) * interval '1 second' AS at) t`,
      [from, to],
    );
    await step(
      'audit',
      `INSERT INTO audit_log (at, actor_type, actor_label, action, subject_type, subject_id, details)
       SELECT now() - ((i::bigint * 2654435761 + a * 40503) % 63072000) * interval '1 second', 'system', 'system',
              (ARRAY['participant.activated', 'ledger.adjusted', 'order.decided', 'participant.email_changed', 'claim.decided'])[1 + (i + a) % 5],
              'participant', md5('bench-participant-' || i)::uuid::text, '{}'::jsonb
         FROM generate_series($1::int, $2::int - 1) i, generate_series(1, ${auditPer}) a`,
      [from, to],
    );
  } finally {
    for (const def of indexes) {
      const name = /INDEX (\S+) ON/.exec(def)?.[1] ?? def;
      const { seconds } = await timed(() => pool.query(def));
      steps.indexes = (steps.indexes ?? 0) + seconds;
      say(`  index ${name}: ${seconds.toFixed(1)} s`);
    }
    await pool.query('RESET session_replication_role').catch(() => {});
  }
  for (const seq of ['ledger_entries_id_seq', 'lots_id_seq', 'lot_movements_id_seq']) {
    const table = seq.replace(/_id_seq$/, '');
    await pool.query(`SELECT setval('${seq}', (SELECT coalesce(max(id), 1) FROM ${table}))`);
  }
  const { seconds } = await timed(() =>
    pool.query('VACUUM (ANALYZE) participants, agencies, ledger_entries, lots, lot_movements, sent_mail, audit_log, events'),
  );
  steps.vacuum = seconds;
  say(`  vacuum and analyze: ${seconds.toFixed(1)} s`);
  return steps;
}

// ---- the reads ----------------------------------------------------------------------------------

interface Read {
  name: string;
  /** the HTTP path (with its query) for the i-th read */
  path: (i: number) => string;
  /** the page's bare SQL for the i-th read: the reference */
  sql?: (i: number) => { text: string; values: unknown[] };
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
  const port = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: server.address,
    API_PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: mail.url,
    TOKEN_SECRET: randomUUID(),
    LOG_LEVEL: 'warn',
  };
  const pool = createPool(databaseUrl, 4);
  stack.push(() => pool.end());
  // The client that registered every generated participant (the client API shows a client its own only).
  const { rows: clients } = await pool.query<{ id: string }>(`SELECT id FROM api_clients WHERE name = 'bench-reads' LIMIT 1`);
  const clientId = clients[0]?.id ?? (await createApiKey(pool, 'bench-reads')).client.id;
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

  const count = async (table: string) => Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  let have = await count('participants');
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
    const [entries, lotCount, mails, audits] = await Promise.all(['ledger_entries', 'lots', 'sent_mail', 'audit_log'].map(count));
    say(
      `${have} participants, ${entries} ledger entries, ${lotCount} lots, ${mails} mails, ${audits} audit entries; ${reads} reads of each, one at a time:`,
    );

    // Random participants of the generated ones (the statement of the pick runs before the clock).
    const { rows: picked } = await pool.query<{ id: string }>(
      `SELECT md5('bench-participant-' || i)::uuid AS id FROM (SELECT (random() * ($1::int - 1))::int AS i FROM generate_series(1, $2::int)) x`,
      [size, 6 * stride],
    );
    // Each kind of read its own participants (slot k), so that no read finds the pages an earlier
    // one brought into the cache: a random participant's lots and entries are read cold, as in life.
    const slot = (k: number) => (i: number) => picked[(k * stride + i) % picked.length].id;
    const pid = slot(5);
    // The third page's key of each picked participant (the id below which the page starts).
    const afters = new Map<string, number>();
    for (const { id } of picked) {
      const { rows } = await pool.query<{ id: number }>(
        'SELECT id FROM ledger_entries WHERE participant_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1',
        [id, Math.min(2 * pageSize, perParticipant) - 1],
      );
      afters.set(id, rows[0]?.id ?? 1);
    }
    const { rows: someMail } = await pool.query<{ participant_id: string }>(
      'SELECT participant_id::text FROM sent_mail TABLESAMPLE SYSTEM (1) LIMIT 500',
    );
    const mailOf = (i: number) => someMail[i % Math.max(1, someMail.length)]?.participant_id ?? pid(i);

    // The answer's database reads, as the route makes them (whose it is, and the ledger), straight on a pool.
    const ledgerReads = (who: (i: number) => string, after: (id: string) => number | null) => async (i: number) =>
      Promise.all([ledgerOwner(sqlPool, who(i)), readLedger(sqlPool, who(i), { limit: pageSize, after: after(who(i)) ?? undefined })]);
    // The repository's page statement (db/participants.ts participantSelect, the balance with it), without the count.
    const participantsSql =
      (where: string, order: string, values: unknown[] = []) =>
      () => ({ text: `SELECT * FROM (${participantSelect}) x ${where} ORDER BY ${order} LIMIT 25`, values });
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
        sql: participantsSql('', 'registered_at DESC, id'),
        auth: 'staff',
      },
      {
        name: 'participants, status=closed',
        path: () => `/admin/api/participants?${listParams(['registered_at', 'DESC'], { status: 'closed' })}`,
        sql: participantsSql(`WHERE status = 'closed'`, 'registered_at DESC, id'),
        auth: 'staff',
      },
      {
        name: 'participants, sort last_name ASC',
        path: () => `/admin/api/participants?${listParams(['last_name', 'ASC'])}`,
        sql: participantsSql('', 'last_name, id'),
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
        sql: () => ({
          text: 'SELECT id, channel, to_address, subject, kind, participant_id, created_at, sent_at FROM sent_mail ORDER BY created_at DESC, id LIMIT 25',
          values: [],
        }),
        auth: 'staff',
      },
      {
        name: "mail, one participant's",
        path: (i) => `/admin/api/mail?${listParams(['created_at', 'DESC'], { participant_id: mailOf(i) })}`,
        sql: (i) => ({
          text: 'SELECT id, channel, to_address, subject, kind, participant_id, created_at, sent_at FROM sent_mail WHERE participant_id::text = $1 ORDER BY created_at DESC, id LIMIT 25',
          values: [mailOf(i)],
        }),
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
        sql: () => ({
          text: 'SELECT id, at, actor_type, actor_label, action, subject_type, subject_id, details FROM audit_log ORDER BY at DESC, id DESC LIMIT 25',
          values: [],
        }),
        auth: 'staff',
      },
      {
        name: 'audit, action filter',
        path: () => `/admin/api/audit?${listParams(['at', 'DESC'], { action: 'order.decided' })}`,
        sql: () => ({
          text: `SELECT id, at, actor_type, actor_label, action, subject_type, subject_id, details FROM audit_log WHERE action = 'order.decided' ORDER BY at DESC, id DESC LIMIT 25`,
          values: [],
        }),
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
