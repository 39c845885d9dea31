/**
 * `npm run soak`: steady mixed load on a running system for SOAK_MINUTES (15 by default), then what
 * a long run would show: each process's memory (resident set, V8 heap) at the start, every
 * SOAK_SAMPLE_SECONDS and at the end, the error count (any 5xx or other unexpected answer, any
 * request that failed or a mail that never came), the throughput of each kind of work, and the ledger
 * invariant (db/ledger.ts, as `npm run admin -- check-ledger`) at the end.
 *
 * The load, every second at SOAK_RATE = 1 (the other kinds in proportion to it):
 *  - 1 registration through the API, confirmed by the link in its caught mail, then read until active;
 *  - ½ participant sign-in (the password, then the mailed code) and a read of the account (`/api/me`);
 *  - 1 shop order, then alternately cancelled by the client or completed;
 *  - every 20 s a webinar with 20 attendees reported once it has ended; its crediting window
 *    (CREDITING_WINDOW_MS) closes during the run, and its credits are counted at the end.
 * Each kind keeps at most SOAK_IN_FLIGHT journeys open; one due while that many are open is skipped
 * and counted (the system fell behind).
 *
 * The system, by default, is started here (bench/processes.ts): a Temporal dev server, a scratch
 * database, an SMTP catcher, and the worker and the API each in a process of its own, so that each
 * process's memory is measured alone. Or an existing one: SOAK_API_URL, SOAK_API_KEY (every scope)
 * and DATABASE_URL name it; SOAK_SMTP_PORT is the port this process catches mail on (the system's
 * SMTP_URL must point at it, or there are no links and codes to follow); SOAK_WORKER_METRICS_URL is
 * the worker's /metrics (WORKER_HTTP_PORT), and METRICS_TOKEN is sent when set. Credits come only if
 * the system's CREDITING_WINDOW_MS is short enough to close within the run.
 */
import { randomUUID } from 'node:crypto';
import { ledgerInvariant, postCredits } from '../db/ledger.js';
import { createStaffUser } from '../db/staff.js';
import { createPool, inTransaction, type Pool } from '../db/pool.js';
import { startMailCatcher, type MailCatcher } from '../infra/mail-catcher.js';
import { termDefinitions } from '../rules/terms.js';
import { activeParticipantsOfTag, insertActiveParticipants } from '../db/participants.js';
import { insertContract } from '../db/contracts.js';
import { closedEventCount } from '../db/events.js';
import { creditsFromSources } from '../db/ledger-reads.js';
import { memoryFromMetrics, rssFromProc, startProcessSystem, type MemoryReading } from './processes.js';
import { mib, printResult, type BenchFigure } from './report.js';
import { intArg, percentile, say } from './system.js';

const numberArg = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
};

const minutes = numberArg('SOAK_MINUTES', 15);
const rate = numberArg('SOAK_RATE', 1);
const sampleSeconds = intArg('SOAK_SAMPLE_SECONDS', 60);
const inFlightLimit = intArg('SOAK_IN_FLIGHT', 16);
const existing = process.env.SOAK_API_URL;
const windowMs = 15_000; // CREDITING_WINDOW_MS of the system started here: webinars credit within the run
const eventEveryMs = 20_000 / rate;
const attendeesPerEvent = 20;
const shopperCount = 200;
const PASSWORD = 'correct horse battery';
const INN = '7707083893';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

// ---- the system under load -------------------------------------------------------------------

interface Target {
  apiUrl: string;
  apiKey: string;
  pool: Pool;
  mail: MailCatcher;
  /** Where each process's memory is read. */
  processes: Array<{ name: string; metricsUrl?: string; pid?: number }>;
  describe: string;
  stop(): Promise<void>;
}

async function startTarget(): Promise<Target> {
  if (existing) {
    const apiKey = process.env.SOAK_API_KEY;
    const databaseUrl = process.env.DATABASE_URL;
    if (!apiKey || !databaseUrl) throw new Error('SOAK_API_URL needs SOAK_API_KEY and DATABASE_URL');
    const pool = createPool(databaseUrl, 4);
    const mail = await startMailCatcher(intArg('SOAK_SMTP_PORT', 2525));
    const processes: Target['processes'] = [{ name: 'api', metricsUrl: `${existing.replace(/\/$/, '')}/metrics` }];
    if (process.env.SOAK_WORKER_METRICS_URL) processes.push({ name: 'worker', metricsUrl: process.env.SOAK_WORKER_METRICS_URL });
    return {
      apiUrl: existing.replace(/\/$/, ''),
      apiKey,
      pool,
      mail,
      processes,
      describe: `the system at ${existing}, mail caught on ${mail.url}`,
      async stop() {
        await mail.stop();
        await pool.end();
      },
    };
  }
  const sys = await startProcessSystem({ env: { CREDITING_WINDOW_MS: String(windowMs) } });
  return {
    apiUrl: sys.apiUrl!,
    apiKey: sys.apiKey,
    pool: sys.pool,
    mail: sys.mail,
    processes: [
      ...sys.services.map((s) => ({ name: s.name, metricsUrl: s.metricsUrl, pid: s.pid })),
      { name: 'temporal dev server', pid: sys.temporalServer!.pid }, // started by startProcessSystem: no address was given
    ],
    describe: `worker and API in processes of their own (pids ${sys.services.map((s) => `${s.name} ${s.pid}`).join(', ')}), Temporal dev server in memory, CREDITING_WINDOW_MS=${windowMs}`,
    stop: sys.stop,
  };
}

// ---- counting ---------------------------------------------------------------------------------

interface Kind {
  ok: number;
  accepted: number; // 202: taken, but the workflow did not finish within API_WORKFLOW_WAIT_MS
  errors: number;
  latencies: number[];
}
const kinds = new Map<string, Kind>();
const kind = (name: string): Kind => {
  let k = kinds.get(name);
  if (!k) kinds.set(name, (k = { ok: 0, accepted: 0, errors: 0, latencies: [] }));
  return k;
};
const errorSamples: string[] = [];
let errorCount = 0;
const fail = (what: string, detail: string) => {
  errorCount++;
  kind(what).errors++;
  if (errorSamples.length < 20) errorSamples.push(`${new Date().toISOString()} ${what}: ${detail.slice(0, 300)}`);
};
const skipped = new Map<string, number>();

class Unexpected extends Error {}

// ---- the journeys -----------------------------------------------------------------------------

async function main() {
  const target = await startTarget();
  try {
    await soak(target);
  } catch (err) {
    for (const e of errorSamples) console.error(`  ${e}`);
    throw err;
  } finally {
    await target.stop();
  }
}

async function soak(target: Target) {
  say(`soak: ${minutes} min at SOAK_RATE=${rate} against ${target.describe}`);
  const { apiUrl, apiKey, pool, mail } = target;

  /** One API call, timed and counted under `name`; answers the parsed body, or throws Unexpected. */
  async function call(
    name: string,
    method: string,
    path: string,
    body: unknown,
    expect: number[],
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    const t0 = performance.now();
    let res: Response;
    try {
      // An empty header value means "send none" (the link pages' and the staff console's calls carry no API key).
      const sent = Object.entries({
        'x-api-key': apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      });
      res = await fetch(apiUrl + path, {
        method,
        headers: Object.fromEntries(sent.filter(([, v]) => v !== '')),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      fail(name, `${method} ${path}: ${(err as Error).message}`);
      throw new Unexpected();
    }
    const text = await res.text();
    const k = kind(name);
    k.latencies.push(performance.now() - t0);
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    if (res.status === 202 && !expect.includes(202)) {
      k.accepted++;
      throw new Unexpected(); // taken, slowly: the journey stops here, not an error
    }
    if (!expect.includes(res.status)) {
      fail(name, `${method} ${path}: HTTP ${res.status} ${text}`);
      throw new Unexpected();
    }
    k.ok++;
    return { status: res.status, body: parsed };
  }

  /** The first caught mail to `email` matching `pattern` (then dropped from the catcher's memory). */
  async function mailTo(name: string, email: string, pattern: RegExp): Promise<RegExpExecArray> {
    const to = email.toLowerCase();
    try {
      const m = await mail.waitFor((x) => x.to.includes(to) && pattern.test(x.text), 60_000);
      const at = mail.messages.indexOf(m);
      if (at >= 0) mail.messages.splice(at, 1);
      return pattern.exec(m.text)!;
    } catch (err) {
      fail(name, `no mail to ${email} matching ${pattern}: ${(err as Error).message}`);
      throw new Unexpected();
    }
  }

  // Set-up: a contract for the registrations (R4 verified by the registry), shoppers with points, an item.
  await insertContract(
    pool,
    { contractNumber: 'SOAK-1', contractType: 'agent', inn: INN, legalName: 'ООО Нагрузка', status: 'active' },
    { ifAbsent: true },
  );
  const tag = `soak${randomUUID().slice(0, 8)}`;
  const shopperEmail = await insertActiveParticipants(pool, shopperCount, tag);
  const shoppers = await activeParticipantsOfTag(pool, tag);
  await inTransaction(pool, (tx) =>
    postCredits(
      tx,
      shoppers.map((s) => ({
        participantId: s.id,
        amount: 1_000_000,
        sourceType: 'adjustment' as const,
        sourceId: s.id,
        key: `soak:${tag}:${s.id}`,
        reason: 'soak',
      })),
      termDefinitions.lotLifetimeMs.default,
    ),
  );
  const admin = { email: `soak-${tag}@operator.example`, password: `pw-${randomUUID()}` };
  await createStaffUser(pool, { email: admin.email, name: 'Soak', role: 'admin', password: admin.password });
  const login = await call('setup', 'POST', '/admin/api/auth/login', admin, [200], { 'x-api-key': '' });
  const sku = `SOAK-${tag}`;
  await call('setup', 'POST', '/admin/api/catalog', { sku, title: 'Кружка', pricePoints: 10, stock: 1_000_000 }, [201], {
    'x-api-key': '',
    authorization: `Bearer ${login.body.token}`,
  });

  /** Participants registered and active here, with their password: the sign-in lane's people. */
  const signable: Array<{ email: string; device: string }> = [];
  let registered = 0;
  let shopperTurn = 0;
  let signTurn = 0;
  let orderTurn = 0;

  const register = async () => {
    const i = registered++;
    const email = `soak.${tag}.${i}@agency.example`;
    const reg = await call(
      'registration',
      'POST',
      '/api/registrations',
      {
        firstName: 'Анна',
        lastName: `Нагрузка${i}`,
        email,
        agencyInn: INN,
        contractPath: 'agent',
      },
      [201],
    );
    const [, token] = await mailTo('confirmation', email, /confirm\?token=([A-Za-z0-9_-]+)/);
    await call('confirmation', 'POST', '/api/confirmations', { token, password: PASSWORD }, [200], { 'x-api-key': '' });
    // Read until active (the registry verifies the contract, R4; the welcome points, R7).
    for (let n = 0; ; n++) {
      const got = await call('registration read', 'GET', `/api/registrations/${reg.body.participantId}`, undefined, [200]);
      if (got.body.status === 'active') break;
      if (n >= 60) {
        fail('activation', `${email} still ${got.body.status} after 60 reads`);
        throw new Unexpected();
      }
      await sleep(1000);
    }
    kind('activation').ok++;
    signable.push({ email, device: randomUUID() });
  };

  const signIn = async () => {
    if (signable.length === 0) return;
    const who = signable[signTurn++ % signable.length];
    const headers = { 'x-device-id': who.device };
    const step1 = await call('sign-in', 'POST', '/api/sign-in', { login: who.email, password: PASSWORD }, [202], headers);
    const [, code] = await mailTo('sign-in', who.email, /^(\d{6})$/m);
    const step2 = await call(
      'sign-in verify',
      'POST',
      '/api/sign-in/verify',
      { challengeId: step1.body.challengeId, code },
      [200],
      headers,
    );
    await call('account read', 'GET', '/api/me', undefined, [200], { ...headers, authorization: `Bearer ${step2.body.token}` });
  };

  const order = async () => {
    const turn = orderTurn++;
    const shopper = shoppers[shopperTurn++ % shoppers.length];
    const placed = await call('order', 'POST', '/api/orders', { participantId: shopper.id, sku, quantity: 1 }, [201]);
    if (turn % 2 === 0) await call('order cancel', 'POST', `/api/orders/${placed.body.id}/cancel`, undefined, [200]);
    else await call('order complete', 'POST', `/api/orders/${placed.body.id}/complete`, undefined, [200]);
  };

  const eventIds: string[] = [];
  let attendeeTurn = 0;
  const webinar = async () => {
    const startsAt = Date.now() + 1000;
    const event = await call(
      'event',
      'POST',
      '/api/events',
      {
        kind: 'destination_webinar',
        title: `Нагрузка ${startsAt}`,
        points: 50,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 1000).toISOString(),
      },
      [201],
    );
    eventIds.push(event.body.id);
    await sleep(startsAt + 1000 + 300 - Date.now());
    // Shoppers, and the newest participants registered here.
    const emails = new Set(signable.slice(-5).map((s) => s.email));
    while (emails.size < attendeesPerEvent) emails.add(shopperEmail((attendeeTurn++ % shopperCount) + 1));
    await call(
      'attendance report',
      'POST',
      `/api/events/${event.body.id}/attendance`,
      {
        rows: [...emails].map((email) => ({ email, minutes: 75 })),
      },
      [201],
    );
  };

  // ---- memory ----
  const samples: Array<{ at: number; readings: Record<string, MemoryReading | null> }> = [];
  const t0 = Date.now();
  const sample = async () => {
    const readings: Record<string, MemoryReading | null> = {};
    for (const p of target.processes) {
      readings[p.name] = p.metricsUrl
        ? await memoryFromMetrics(p.metricsUrl, process.env.METRICS_TOKEN).catch(() => null)
        : p.pid
          ? { rss: rssFromProc(p.pid) ?? NaN }
          : null;
    }
    samples.push({ at: (Date.now() - t0) / 1000, readings });
    say(
      `t=${Math.round((Date.now() - t0) / 1000)} s ` +
        Object.entries(readings)
          .map(
            ([n, r]) =>
              `${n} ${r ? `${mib(r.rss)} MB${r.heapUsed ? ` (heap ${mib(r.heapUsed)} MB)` : ''}${r.cachedWorkflows !== undefined ? ` [${r.cachedWorkflows} cached workflows]` : ''}` : '—'}`,
          )
          .join(', ') +
        `; errors ${errorCount}`,
    );
  };
  await sample();

  // ---- the lanes: each starts a journey every `everyMs`, at most SOAK_IN_FLIGHT open ----
  const endAt = t0 + minutes * 60_000;
  const open = new Set<Promise<void>>();
  const lane = async (name: string, everyMs: number, journey: () => Promise<void>) => {
    let inFlight = 0;
    for (let next = Date.now(); next < endAt; next += everyMs) {
      await sleep(next - Date.now());
      if (inFlight >= inFlightLimit) {
        skipped.set(name, (skipped.get(name) ?? 0) + 1);
        continue;
      }
      inFlight++;
      const run = journey()
        .catch((err) => {
          if (!(err instanceof Unexpected)) fail(name, String((err as Error)?.stack ?? err));
        })
        .finally(() => {
          inFlight--;
          open.delete(run);
        });
      open.add(run);
    }
  };
  const sampler = (async () => {
    for (let next = t0 + sampleSeconds * 1000; next < endAt; next += sampleSeconds * 1000) {
      await sleep(next - Date.now());
      await sample();
    }
  })();
  await Promise.all([
    lane('registration', 1000 / rate, register),
    lane('sign-in', 2000 / rate, signIn),
    lane('order', 1000 / rate, order),
    lane('event', eventEveryMs, webinar),
    sampler,
  ]);
  const loadSeconds = (Date.now() - t0) / 1000;
  say(`load ended after ${loadSeconds.toFixed(0)} s; ${open.size} journeys still open, waiting for them...`);
  await Promise.race([Promise.all([...open]), new Promise<void>((r) => setTimeout(r, 120_000).unref())]);

  // The last webinars' windows close; then count what they credited.
  let eventsClosed = 0;
  let credits = 0;
  if (eventIds.length > 0) {
    const deadline = Date.now() + (existing ? 10_000 : windowMs + 60_000);
    for (;;) {
      eventsClosed = await closedEventCount(pool, eventIds);
      if (eventsClosed === eventIds.length || Date.now() > deadline) break;
      await sleep(1000);
    }
    credits = await creditsFromSources(pool, eventIds);
    if (!existing && eventsClosed < eventIds.length)
      fail('crediting', `${eventIds.length - eventsClosed} webinars not closed a minute after their window`);
  }
  await sample();
  const invariant = await ledgerInvariant(pool);
  if (!invariant.holds) fail('ledger invariant', JSON.stringify(invariant));

  report(loadSeconds, samples, invariant, { events: eventIds.length, eventsClosed, credits });
}

function report(
  loadSeconds: number,
  samples: Array<{ at: number; readings: Record<string, MemoryReading | null> }>,
  invariant: { holds: boolean },
  earning: { events: number; eventsClosed: number; credits: number },
) {
  console.log('');
  console.log(`soak: ${(loadSeconds / 60).toFixed(1)} min of load at SOAK_RATE=${rate}`);
  console.log(
    `${'kind'.padEnd(20)} ${'ok'.padStart(7)} ${'per s'.padStart(7)} ${'202'.padStart(5)} ${'errors'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
  );
  const figures: BenchFigure[] = [];
  for (const [name, k] of [...kinds].filter(([n]) => n !== 'setup')) {
    const perSecond = k.ok / loadSeconds;
    console.log(
      `${name.padEnd(20)} ${String(k.ok).padStart(7)} ${perSecond.toFixed(2).padStart(7)} ${String(k.accepted).padStart(5)} ${String(k.errors).padStart(7)} ${percentile(k.latencies, 50).toFixed(0).padStart(8)} ${percentile(k.latencies, 99).toFixed(0).padStart(8)}`,
    );
    figures.push({ name: `${name}, throughput`, value: Math.round(perSecond * 1000) / 1000, unit: '/s', better: 'higher' });
    if (k.latencies.length)
      figures.push({ name: `${name}, p99`, value: Math.round(percentile(k.latencies, 99)), unit: 'ms', better: 'lower' });
  }
  console.log(`webinars: ${earning.events} created, ${earning.eventsClosed} closed, ${earning.credits} credits`);
  if (skipped.size) console.log(`skipped (SOAK_IN_FLIGHT journeys already open): ${[...skipped].map(([n, c]) => `${n} ${c}`).join(', ')}`);
  console.log(`errors: ${errorCount}`);
  for (const e of errorSamples) console.log(`  ${e}`);
  console.log(`ledger invariant: ${invariant.holds ? 'holds' : 'BROKEN'} ${JSON.stringify(invariant)}`);

  // Memory: start, samples, end; and the slope over the second half of the run (MB per minute).
  console.log('');
  console.log('memory, MB (RSS; heap used in brackets):');
  const names = Object.keys(samples[0].readings);
  console.log(`${'t (s)'.padStart(7)}  ${names.map((n) => n.padStart(22)).join('')}`);
  for (const s of samples) {
    console.log(
      `${s.at.toFixed(0).padStart(7)}  ${names
        .map((n) => {
          const r = s.readings[n];
          return (r ? `${mib(r.rss)}${r.heapUsed ? ` (${mib(r.heapUsed)})` : ''}` : '—').padStart(22);
        })
        .join('')}`,
    );
  }
  const notes: string[] = [];
  for (const n of names) {
    const series = samples.map((s) => ({ at: s.at, r: s.readings[n] })).filter((x) => x.r && Number.isFinite(x.r.rss));
    if (series.length < 2) continue;
    const first = series[0].r!;
    const last = series.at(-1)!.r!;
    // Past start-up (the worker bundles its workflows, caches fill): the first sample a fifth into the run, at most 2 min.
    const warm = (series.find((x) => x.at >= Math.min(120, loadSeconds / 5)) ?? series[0]).r!;
    const half = series.filter((x) => x.at >= loadSeconds / 2);
    const slope = (key: 'rss' | 'heapUsed') => {
      const pts = half.filter((x) => x.r![key] !== undefined).map((x) => [x.at / 60, mib(x.r![key]!)] as const);
      if (pts.length < 2) return NaN;
      const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
      const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
      const num = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
      const den = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
      return den ? num / den : NaN;
    };
    const rssSlope = slope('rss');
    const heapSlope = slope('heapUsed');
    const line = `${n}: RSS ${mib(first.rss)} at start, ${mib(warm.rss)} warm, ${mib(last.rss)} MB at end (max ${Math.max(...series.map((x) => mib(x.r!.rss)))}), second half ${rssSlope.toFixed(2)} MB/min${Number.isFinite(heapSlope) ? `; heap used ${mib(first.heapUsed!)} → ${mib(last.heapUsed!)} MB, second half ${heapSlope.toFixed(2)} MB/min` : ''}`;
    console.log(line);
    notes.push(line);
    figures.push(
      { name: `${n} RSS at start`, value: mib(first.rss), unit: 'MB', better: 'lower' },
      { name: `${n} RSS warm (past start-up)`, value: mib(warm.rss), unit: 'MB', better: 'lower' },
      { name: `${n} RSS at end`, value: mib(last.rss), unit: 'MB', better: 'lower' },
      { name: `${n} RSS slope, second half`, value: Math.round(rssSlope * 100) / 100, unit: 'MB/min', better: 'lower' },
    );
  }
  figures.push(
    { name: 'errors (5xx, unexpected answers, lost mail)', value: errorCount, unit: '', better: 'lower', target: '0' },
    { name: 'webinar credits', value: earning.credits, unit: '', better: 'higher' },
  );
  notes.push(`ledger invariant ${invariant.holds ? 'holds' : 'BROKEN'}`, ...errorSamples.slice(0, 5));
  printResult({
    bench: 'soak',
    size: { minutes, rate, inFlight: inFlightLimit },
    figures,
    notes,
    ok: errorCount === 0 && invariant.holds,
  });
  process.exitCode = errorCount === 0 && invariant.holds ? 0 : 1;
}

await main();
