/**
 * `npm run bench:registrations`: registers N participants through the API (BENCH_SIZES, a comma
 * list of sizes run one after the other on the same servers, e.g. `BENCH_SIZES=1000,10000`; else
 * BENCH_N, 1000 by default; BENCH_CONCURRENCY in flight, 32 by default) and prints registrations
 * per second with p50/p99 latency, beside the rate of starting as many trivial workflows on the same
 * Temporal server in the same run, and the ratio of the two (issue 12: ≥ 50%, p99 < 250 ms).
 * At the first size it also runs as many trivial workflows to completion (not with BENCH_COMPLETED=0).
 *
 * A registration answers 201 once the API has started its workflow and stored the form (the workflow
 * stores the same row in its first task, api/routes/registrations.ts). The workflows go on after the
 * answer: the bare starts run once every one has recorded its confirmation mail, which is timed too.
 * Where the time goes is read from the histories of BENCH_PROFILE_SAMPLE registrations (100) of each
 * size: each event's time since the request was sent, beside the answer's.
 *
 * The worker's tuning (WORKER_* of docs/configuration.md) and DATABASE_POOL_SIZE are taken from the
 * environment. The Temporal server is a dev server started here (SQLite in memory), or the one at
 * BENCH_TEMPORAL_ADDRESS (namespace `default`), e.g. the production shape on PostgreSQL of
 * `npm run cluster`. The last line is the run's BENCH_RESULT (bench/report.ts).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import protos from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { insertContract } from '../db/contracts.js';
import { confirmationMailsRecorded } from '../db/mail.js';
import { participantsMatching } from '../db/participants.js';
import { participantWorkflowId } from '../workflows/messages/participant.js';
import { Client, Connection } from '@temporalio/client';
import { startProcessSystem } from './processes.js';
import { intArg, percentile, say, timedRuns } from './system.js';
import { noopWorkflow } from './noop-workflow.js';
import { printResult, type BenchFigure } from './report.js';

const sizes = sizesArg('BENCH_SIZES', [intArg('BENCH_N', 1000)]);
const concurrency = intArg('BENCH_CONCURRENCY', 32);
const profileSample = intArg('BENCH_PROFILE_SAMPLE', 100);
const withCompleted = process.env.BENCH_COMPLETED !== '0'; // BENCH_COMPLETED=0: no run of trivial workflows to completion
const inn = '7707083893'; // one agency for everybody: colleagues (R5)

/** A comma list of positive integers from the environment, or `fallback`. */
function sizesArg(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${name} must be a comma list of positive integers, got ${raw}`);
  return values;
}

interface Timed {
  latencies: number[];
  seconds: number;
}
const rate = (n: number, r: Timed) => n / r.seconds;
const p = (r: Timed, q: number) => percentile(r.latencies, q);
const row = (n: number, label: string, r: Timed) =>
  `${label.padEnd(44)} ${rate(n, r).toFixed(1).padStart(9)}/s   p50 ${p(r, 50).toFixed(1).padStart(7)} ms   p99 ${p(r, 99).toFixed(1).padStart(7)} ms`;

// The worker's and the pools' tuning (infra/config.ts) reach the system under test from the environment.
const tuning = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => /^(WORKER_|DATABASE_POOL_SIZE$)/.test(e[0]) && e[1] !== undefined),
);
// The API and the worker each in a process of their own, as in production (bench/processes.ts), on a
// dev server started here, or on the Temporal server at BENCH_TEMPORAL_ADDRESS (e.g. `npm run cluster`'s).
const givenServer = process.env.BENCH_TEMPORAL_ADDRESS || undefined;
const sys = await startProcessSystem({ env: tuning, temporalAddress: givenServer });
const clientConnection = await Connection.connect({ address: sys.temporalAddress });
const temporal = new Client({ connection: clientConnection });
const figures: BenchFigure[] = [];
const notes: string[] = [];
let ok = true;
try {
  await insertContract(sys.pool, { contractNumber: 'BENCH-1', contractType: 'agent', inn, legalName: 'ООО Бенчмарк', status: 'active' });
  const run = randomUUID().slice(0, 8);
  const taskQueue = `bench-noop-${run}`;
  const connection = await NativeConnection.connect({ address: sys.temporalAddress });
  const noopWorker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./noop-workflow.ts', import.meta.url)),
  });
  const lines: string[] = [];
  await noopWorker.runUntil(async () => {
    for (const [round, n] of sizes.entries()) {
      say(`N=${n}: registering ${n} participants through the API, ${concurrency} in flight...`);
      const email = (i: number) => `bench.${run}.${n}.${i}@agency.example`;
      const sent: number[] = [];
      const answered: number[] = [];
      const late = { 202: 0, 503: 0 };
      const registrations = await timedRuns(n, concurrency, async (i) => {
        sent[i] = Date.now();
        const res = await fetch(`${sys.apiUrl}/api/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': sys.apiKey },
          body: JSON.stringify({ firstName: 'Анна', lastName: `Тест${i}`, email: email(i), agencyInn: inn, contractPath: 'agent' }),
        });
        // Not stored within API_WORKFLOW_WAIT_MS (a loaded machine): 202 (taken) or 503 (not taken in
        // time, may still be); counted, and the run is marked not ok.
        if (res.status === 202 || res.status === 503) late[res.status]++;
        else if (res.status !== 201) throw new Error(`registration ${i}: HTTP ${res.status} ${await res.text()}`);
        answered[i] = Date.now();
      });

      // The workflows go on after the answer (the first task, the confirmation mail): the reference
      // runs once they have, on a server as quiet as the registrations found it.
      const mailed = await confirmationsMailed(n, `bench.${run}.${n}.%`, registrations.seconds);

      say(`N=${n}: starting ${n} trivial workflows on the same server...`);
      const started = await timedRuns(n, concurrency, async (i) => {
        await temporal.workflow.start(noopWorkflow, { taskQueue, workflowId: `noop-${run}-${n}-${i}` });
      });
      const completed =
        round === 0 && withCompleted
          ? await timedRuns(n, concurrency, async (i) => {
              await temporal.workflow.execute(noopWorkflow, { taskQueue, workflowId: `noop-done-${run}-${n}-${i}` });
            })
          : null;

      // One participant per email, each stored once (R1): the run's own check, not a figure.
      const stored = await participantsMatching(sys.pool, `bench.${run}.${n}.%`);
      const answeredLate = late[202] + late[503];
      if (stored.n !== stored.emails || stored.n < n - late[503] || answeredLate > 0) {
        ok = false;
        notes.push(
          `N=${n}: ${late[202]} answered 202 and ${late[503]} 503 (not stored within API_WORKFLOW_WAIT_MS); ${stored.n} participants stored (${stored.emails} emails)`,
        );
      }
      const share = rate(n, registrations) / rate(n, started);
      lines.push(
        '',
        `N=${n}, ${concurrency} in flight, ${givenServer ? `the Temporal server at ${givenServer}` : 'one Temporal dev server (SQLite in memory)'}, the API and the worker in processes of their own, PostgreSQL ${sys.databaseUrl.replace(/\/\/.*@/, '//')}`,
        ...(Object.keys(tuning).length
          ? [
              `tuning: ${Object.entries(tuning)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')}`,
            ]
          : []),
        row(n, `registrations through the API (201${answeredLate ? `; ${late[202]} × 202, ${late[503]} × 503` : ''})`, registrations),
        row(n, 'trivial workflows started', started),
        ...(completed ? [row(n, 'trivial workflows started and completed', completed)] : []),
        `registrations / bare starts: ${(100 * share).toFixed(0)}% of the rate; p99 ${p(registrations, 99).toFixed(0)} ms against ${p(started, 99).toFixed(0)} ms`,
        `every confirmation mail recorded ${mailed.toFixed(2)} s after the first request (${(n / mailed).toFixed(1)} registrations/s end to end)`,
        ...(await profile(n, email, sent, answered)),
      );
      const reference = (value: number) => ({ name: `bare workflow starts, N=${n}`, value });
      figures.push(
        {
          name: `registrations through the API (201), N=${n}`,
          value: rate(n, registrations),
          unit: '/s',
          better: 'higher',
          reference: reference(rate(n, started)),
          target: '≥ 50% of the reference',
        },
        {
          name: `registration p50, N=${n}`,
          value: p(registrations, 50),
          unit: 'ms',
          better: 'lower',
          reference: reference(p(started, 50)),
        },
        {
          name: `registration p99, N=${n}`,
          value: p(registrations, 99),
          unit: 'ms',
          better: 'lower',
          reference: reference(p(started, 99)),
          target: `< 250 ms at ${concurrency} in flight`,
        },
      );
      figures.push({ name: `registrations to their confirmation mail, N=${n}`, value: n / mailed, unit: '/s', better: 'higher' });
      if (completed)
        figures.push({ name: `trivial workflows started and completed, N=${n}`, value: rate(n, completed), unit: '/s', better: 'higher' });
    }
  });
  await connection.close();
  for (const line of lines) console.log(line);
} finally {
  await clientConnection.close();
  await sys.stop();
}
printResult({
  bench: 'registrations',
  size: { concurrency, ...Object.fromEntries(sizes.map((n, i) => [i === 0 ? 'n' : `n${i + 1}`, n])) },
  figures,
  notes,
  ok,
});

/**
 * Seconds from the first registration sent until every one of the size's workflows has recorded its
 * confirmation mail (`answeredAfter`: when the last answer came, the same origin), polled every 50 ms.
 */
async function confirmationsMailed(n: number, emailPattern: string, answeredAfter: number): Promise<number> {
  const since = performance.now() - answeredAfter * 1000;
  const limit = Date.now() + 600_000;
  for (;;) {
    const mailed = await confirmationMailsRecorded(sys.pool, emailPattern);
    if (mailed >= n) return (performance.now() - since) / 1000;
    if (Date.now() > limit) throw new Error(`only ${mailed} of ${n} confirmation mails recorded in 10 minutes`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Where a registration's time goes: for a sample of the size's registrations, each event of its
 * workflow's history up to the first workflow task's completion (the form stored by the workflow too,
 * the confirmation mail scheduled), and the answer's arrival, as time since the request was sent
 * (median and p99 over the sample), in the order of their medians. The history's shape is the same for
 * every registration; a registration of another shape (a retried step) is left out of the sample.
 */
async function profile(n: number, email: (i: number) => string, sent: number[], answered: number[]): Promise<string[]> {
  const { EventType } = protos.temporal.api.enums.v1;
  const sample = Array.from({ length: Math.min(profileSample, n) }, (_, k) => Math.floor((k * n) / Math.min(profileSample, n)));
  const shapes = new Map<string, number[][]>();
  for (const i of sample) {
    const history = await temporal.workflow.getHandle(participantWorkflowId(email(i))).fetchHistory();
    const names: string[] = [];
    const offsets: number[] = [];
    for (const e of history.events ?? []) {
      const t = e.eventTime!;
      names.push(EventType[e.eventType!].replace(/^EVENT_TYPE_/, '').toLowerCase());
      offsets.push(Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 - sent[i]);
      if (e.workflowTaskCompletedEventAttributes) break;
    }
    names.push('201 received by the client');
    offsets.push(answered[i] - sent[i]);
    const key = names.join('|');
    shapes.set(key, [...(shapes.get(key) ?? []), offsets]);
  }
  const [key, runs] = [...shapes.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  const events = key
    .split('|')
    .map((name, k) => ({
      name,
      median: percentile(
        runs.map((r) => r[k]),
        50,
      ),
      p99: percentile(
        runs.map((r) => r[k]),
        99,
      ),
    }))
    .sort((a, b) => a.median - b.median);
  const out = [`where the time goes (ms since the request was sent; ${runs.length} of ${sample.length} sampled histories of this shape):`];
  let previous = 0;
  for (const { name, median, p99 } of events) {
    out.push(
      `  ${name.padEnd(44)} p50 ${median.toFixed(1).padStart(7)}   p99 ${p99.toFixed(1).padStart(7)}   (+${(median - previous).toFixed(1)})`,
    );
    previous = median;
  }
  return out;
}
