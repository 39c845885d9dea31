/**
 * `npm run bench:footprint`: BENCH_N (100,000) participant workflows waiting at once, and what they
 * cost: the worker's resident memory while they all wait (its workflow cache bounded by
 * WORKER_MAX_CACHED_WORKFLOWS), the time to start them all (BENCH_CONCURRENCY starts in flight, 64),
 * and the Temporal server's storage; then the history of one participant, measured with the client's
 * history fetch, to say what 1,000,000 would take.
 *
 * The workflows are active participants (rows written straight to the database, as
 * insertActiveParticipants in db/participants.ts writes them) whose `participantWorkflow` runs as after its continue-as-new
 * (`activeSince`): the program's steady state, each waiting for its participant's next message. Beside
 * them, BENCH_REGISTERED (10) participants registered and confirmed through the API, whose first run
 * holds the whole registration (R1–R7): the history a participant has before its first continue-as-new.
 *
 * The worker and the API run in processes of their own (bench/processes.ts). The Temporal dev server
 * keeps its state in memory (its RSS growth is the storage here), or with BENCH_TEMPORAL_FILE=1 in a
 * SQLite file (whose size is).
 */
import { Client, Connection } from '@temporalio/client';
import protos from '@temporalio/proto';
import { loadConfig } from '../infra/config.js';
import { termDefinitions } from '../rules/terms.js';
import { insertContract } from '../db/contracts.js';
import { mailSent } from '../db/mail.js';
import { activeParticipantsOfTag, insertActiveParticipants, participantStatus } from '../db/participants.js';
import {
  MemberNumber,
  ParticipantEmail,
  ParticipantStatus,
  participantWorkflowId,
  type ParticipantWorkflowInput,
} from '../workflows/messages/participant.js';
import type { participantWorkflow } from '../workflows/participant.js';
import { fileBytes, memoryFromMetrics, rssFromProc, startProcessSystem, type MemoryReading } from './processes.js';
import { mib, printResult } from './report.js';
import { intArg, percentile, say, timedRuns } from './system.js';

const n = intArg('BENCH_N', 100_000);
const concurrency = intArg('BENCH_CONCURRENCY', 64);
const registeredCount = intArg('BENCH_REGISTERED', 10);
const INN = '7707083893';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

// BENCH_TEMPORAL_FILE=1: the dev server keeps its state in a SQLite file (its size is the storage), at a
// fraction of the in-memory server's speed; by default in memory, where the storage is its RSS growth.
const inFile = process.env.BENCH_TEMPORAL_FILE === '1';
const sys = await startProcessSystem({ temporalDbFile: inFile });
const devServer = sys.temporalServer!; // started by startProcessSystem: no address was given
const connection = await Connection.connect({ address: sys.temporalAddress });
const client = new Client({ connection });
const config = loadConfig({ ...process.env, ...sys.env });
const worker = sys.services.find((s) => s.name === 'worker')!;

/** Workflow tasks the worker has completed so far (the SDK's execution-latency histogram's count). */
async function workflowTasksDone(): Promise<number> {
  const text = await (await fetch(worker.metricsUrl)).text();
  let sum = 0;
  for (const m of text.matchAll(/^temporal_workflow_task_execution_latency(?:_seconds)?_count(?:\{[^}]*\})? ([0-9.e+]+)$/gm))
    sum += Number(m[1]);
  return sum;
}

const memory: Array<{ at: number; r: MemoryReading }> = [];
const started = performance.now();
const readWorker = async () => {
  const r = await memoryFromMetrics(worker.metricsUrl).catch(() => null);
  if (r) memory.push({ at: (performance.now() - started) / 1000, r });
  return r;
};

try {
  const before = await readWorker();
  const serverStorage = () => (inFile ? fileBytes(devServer.dbFile!) : (rssFromProc(devServer.pid) ?? NaN));
  const storageBefore = serverStorage();
  say(`worker at rest: ${mib(before!.rss)} MB; cache bound WORKER_MAX_CACHED_WORKFLOWS=${config.workerMaxCachedWorkflows}`);

  // The participants' rows, in one statement; then their ids in order.
  const tag = `fp${Date.now().toString(36)}`;
  await insertActiveParticipants(sys.pool, n, tag);
  const people = await activeParticipantsOfTag(sys.pool, tag);
  const terms = {
    confirmationTimeoutMs: termDefinitions.confirmationTimeoutMs.default,
    welcomePoints: termDefinitions.welcomePoints.default,
    lotLifetimeMs: termDefinitions.lotLifetimeMs.default,
  };
  const tasksBefore = await workflowTasksDone();

  say(`starting ${n} participant workflows, ${concurrency} in flight...`);
  const startT0 = performance.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(10_000);
      const r = await readWorker();
      const tasks = (await workflowTasksDone().catch(() => NaN)) - tasksBefore;
      if (r)
        say(
          `  worker ${mib(r.rss)} MB (heap ${mib(r.heapUsed ?? NaN)} MB) [${r.cachedWorkflows ?? '?'} cached, ${tasks} workflow tasks done]`,
        );
    }
  })();
  const starts = await timedRuns(n, concurrency, async (i) => {
    const p = people[i];
    const memberNumber = `FP${String(i + 1).padStart(7, '0')}`;
    const input: ParticipantWorkflowInput = {
      registration: {
        participantId: p.id,
        email: p.email,
        emailNormalized: p.email,
        firstName: 'Анна',
        lastName: `Тест${i}`,
        agencyInn: null,
        agencyName: null,
        contractPath: 'agent',
        contractNumber: null,
        subagencyLegalName: null,
        letterDocumentId: null,
      },
      terms,
      activeSince: { memberNumber },
    };
    await client.workflow.start<typeof participantWorkflow>('participantWorkflow', {
      workflowId: participantWorkflowId(p.email),
      taskQueue: sys.taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: ParticipantEmail, value: [p.email] },
        { key: ParticipantStatus, value: 'active' },
        { key: MemberNumber, value: memberNumber },
      ],
    });
    if ((i + 1) % 10_000 === 0) say(`  ${i + 1} started`);
  });
  const startSeconds = starts.seconds;
  say(`${n} started in ${startSeconds.toFixed(1)} s; waiting for the worker to take each one's first task...`);
  for (;;) {
    const done = (await workflowTasksDone()) - tasksBefore;
    if (done >= n) break;
    await sleep(2000);
  }
  const settledSeconds = (performance.now() - startT0) / 1000;
  // All wait now: the worker's memory at rest with them, a few readings 10 s apart.
  sampling = false;
  await sampler;
  const waiting: MemoryReading[] = [];
  for (let k = 0; k < 3; k++) {
    await sleep(10_000);
    waiting.push((await readWorker())!);
  }
  const peak = Math.max(...memory.map((m) => m.r.rss));
  const rssWaiting = waiting.at(-1)!.rss;
  const serverRss = rssFromProc(devServer.pid);
  const storage = serverStorage() - storageBefore;

  // What one waiting participant's history holds (sampled), and one registered through the API.
  const sampleIds = Array.from({ length: Math.min(20, n) }, (_, k) => people[Math.floor((k * n) / Math.min(20, n))]);
  const historyOf = async (workflowId: string) => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return { events: history.events?.length ?? 0, bytes: protos.temporal.api.history.v1.History.encode(history).finish().length };
  };
  const waitingHistories = await Promise.all(sampleIds.map((p) => historyOf(participantWorkflowId(p.email))));
  const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

  say(`registering ${registeredCount} participants through the API for their registration history...`);
  await insertContract(sys.pool, { contractNumber: 'FP-1', contractType: 'agent', inn: INN, legalName: 'ООО След', status: 'active' });
  const registered: Array<{ events: number; bytes: number }> = [];
  for (let k = 0; k < registeredCount; k++) {
    const email = `fp.${tag}.${k}@agency.example`;
    const call = async (path: string, body: unknown, apiKey = true) => {
      const res = await fetch(`${sys.apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': sys.apiKey } : {}) },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ participantId: string }>;
    };
    const reg = await call('/api/registrations', { firstName: 'Анна', lastName: 'След', email, agencyInn: INN, contractPath: 'agent' });
    const m = await sys.mail.waitFor((x) => x.to.includes(email) && /confirm\?token=/.test(x.text), 60_000);
    const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(m.text)![1];
    await call('/api/confirmations', { token, password: 'correct horse battery' }, false);
    for (;;) {
      // The welcome mail is the registration's last step: its history is whole once that is sent.
      if ((await participantStatus(sys.pool, reg.participantId)) === 'active' && (await mailSent(sys.pool, reg.participantId, 'welcome')))
        break;
      await sleep(300);
    }
    await sleep(500);
    registered.push(await historyOf(participantWorkflowId(email)));
  }

  const waitingBytes = avg(waitingHistories.map((h) => h.bytes));
  const waitingEvents = avg(waitingHistories.map((h) => h.events));
  const registeredBytes = registered.length ? avg(registered.map((h) => h.bytes)) : NaN;
  const registeredEvents = registered.length ? avg(registered.map((h) => h.events)) : NaN;
  const storagePer = storage / n;

  console.log('');
  console.log(
    `N=${n} waiting participant workflows, ${concurrency} starts in flight, WORKER_MAX_CACHED_WORKFLOWS=${config.workerMaxCachedWorkflows}, Temporal dev server (SQLite ${inFile ? 'file' : 'in memory'})`,
  );
  console.log(
    `started in                          ${startSeconds.toFixed(1).padStart(8)} s   ${(n / startSeconds).toFixed(0).padStart(6)} starts/s   p50 ${percentile(starts.latencies, 50).toFixed(1)} ms, p99 ${percentile(starts.latencies, 99).toFixed(1)} ms`,
  );
  console.log(
    `first task of each done after       ${settledSeconds.toFixed(1).padStart(8)} s   ${(n / settledSeconds).toFixed(0).padStart(6)} workflows/s`,
  );
  console.log(
    `worker RSS before / peak / waiting  ${mib(before!.rss)} / ${mib(peak)} / ${mib(rssWaiting)} MB   (heap used ${mib(waiting.at(-1)!.heapUsed ?? NaN)} MB, ${waiting.at(-1)!.cachedWorkflows ?? '?'} cached)`,
  );
  console.log(`Temporal server RSS                 ${serverRss === null ? '?' : mib(serverRss)} MB`);
  console.log(
    `Temporal server storage ${inFile ? '(file)     ' : '(RSS growth)'}  ${mib(storage)} MB   ${(storagePer / 1024).toFixed(2)} KiB per workflow`,
  );
  console.log(`history, waiting participant        ${waitingEvents.toFixed(0)} events, ${waitingBytes.toFixed(0)} bytes`);
  console.log(
    `history, registered through the API ${registeredEvents.toFixed(0)} events, ${registeredBytes.toFixed(0)} bytes (first run, before continue-as-new)`,
  );

  printResult({
    bench: 'footprint',
    size: { n, concurrency, maxCachedWorkflows: config.workerMaxCachedWorkflows },
    figures: [
      { name: 'worker RSS, all waiting', value: mib(rssWaiting), unit: 'MB', better: 'lower', target: '< 500 MB' },
      { name: 'worker RSS, peak while starting', value: mib(peak), unit: 'MB', better: 'lower' },
      { name: 'worker RSS before', value: mib(before!.rss), unit: 'MB', better: 'lower' },
      { name: 'starts', value: Math.round(n / startSeconds), unit: '/s', better: 'higher' },
      { name: 'time to start them all', value: Math.round(startSeconds * 10) / 10, unit: 's', better: 'lower' },
      { name: 'time to their first task done', value: Math.round(settledSeconds * 10) / 10, unit: 's', better: 'lower' },
      { name: 'server storage per workflow', value: Math.round(storagePer), unit: 'bytes', better: 'lower' },
      { name: 'server storage', value: mib(storage), unit: 'MB', better: 'lower' },
      { name: 'history of a waiting participant', value: Math.round(waitingBytes), unit: 'bytes', better: 'lower' },
      { name: 'history of a registration (first run)', value: Math.round(registeredBytes), unit: 'bytes', better: 'lower' },
    ],
    notes: [
      `history: waiting ${waitingEvents.toFixed(0)} events, registration ${registeredEvents.toFixed(0)} events`,
      `Temporal server RSS ${serverRss === null ? '?' : mib(serverRss)} MB`,
    ],
    ok: rssWaiting < 500 * 1024 * 1024,
  });
} finally {
  await connection.close();
  await sys.stop();
}
