/**
 * `npm run bench:registrations`: registers N participants through the API (N=1000 by default,
 * BENCH_N to change, BENCH_CONCURRENCY in flight, 32 by default) and prints registrations per second
 * with p50/p99 latency, beside the rate of starting (and of running to completion) as many trivial
 * workflows on the same Temporal server in the same run.
 *
 * A registration answers 201 once its workflow has stored the form (an update-with-start that waits
 * for the first activity), so it costs a workflow start, a workflow task, an activity and two
 * database transactions; the trivial workflow costs a start (and a workflow task to complete).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { intArg, percentile, say, startBenchSystem, timedRuns } from './system.js';
import { noopWorkflow } from './noop-workflow.js';

const n = intArg('BENCH_N', 1000);
const concurrency = intArg('BENCH_CONCURRENCY', 32);
const inn = '7707083893'; // one agency for everybody: colleagues (R5)

const sys = await startBenchSystem();
try {
  await sys.pool.query(
    `INSERT INTO contract_registry (contract_number, contract_type, inn, legal_name, status)
     VALUES ('BENCH-1', 'agent', $1, 'ООО Бенчмарк', 'active')`,
    [inn],
  );
  const run = randomUUID().slice(0, 8);

  say(`registering ${n} participants through the API, ${concurrency} in flight...`);
  const registrations = await timedRuns(n, concurrency, async (i) => {
    const res = await fetch(`${sys.api.url}/api/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': sys.apiKey },
      body: JSON.stringify({
        firstName: 'Анна',
        lastName: `Тест${i}`,
        email: `bench.${run}.${i}@agency.example`,
        agencyInn: inn,
        contractPath: 'agent',
      }),
    });
    if (res.status !== 201) throw new Error(`registration ${i}: HTTP ${res.status} ${await res.text()}`);
  });

  say(`starting ${n} trivial workflows on the same server...`);
  const taskQueue = `bench-noop-${run}`;
  const connection = await NativeConnection.connect({ address: sys.config.temporalAddress });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./noop-workflow.ts', import.meta.url)),
  });
  const starts = await worker.runUntil(async () => {
    const started = await timedRuns(n, concurrency, async (i) => {
      await sys.temporal.workflow.start(noopWorkflow, { taskQueue, workflowId: `noop-${run}-${i}` });
    });
    const completed = await timedRuns(n, concurrency, async (i) => {
      await sys.temporal.workflow.execute(noopWorkflow, { taskQueue, workflowId: `noop-done-${run}-${i}` });
    });
    return { started, completed };
  });
  await connection.close();

  const row = (label: string, r: { latencies: number[]; seconds: number }) =>
    `${label.padEnd(44)} ${(n / r.seconds).toFixed(1).padStart(9)}/s   p50 ${percentile(r.latencies, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(r.latencies, 99).toFixed(1).padStart(7)} ms`;
  console.log('');
  console.log(
    `N=${n}, ${concurrency} in flight, one Temporal dev server (SQLite in memory), PostgreSQL ${sys.config.databaseUrl.replace(/\/\/.*@/, '//')}`,
  );
  console.log(row('registrations through the API (201)', registrations));
  console.log(row('trivial workflows started', starts.started));
  console.log(row('trivial workflows started and completed', starts.completed));
} finally {
  await sys.stop();
}
