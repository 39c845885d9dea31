/**
 * What the processes tell their operators: the API's and the worker's health and Prometheus metrics
 * (api/observability.ts, worker/http.ts, infra/metrics.ts), on the real servers.
 */
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantWorkflowId } from '../../workflows/messages/participant.js';
import {
  addContract,
  randomInn,
  registerActiveAgent,
  registerIntermediary,
  startTestSystem,
  uniqueEmail,
  waitFor,
  type TestSystem,
} from '../support/system.js';
import { workerProcesses } from '../support/worker-process.js';

let sys: TestSystem;
let workerUrl: string;

beforeAll(async () => {
  sys = await startTestSystem({ WELCOME_POINTS: '100' }, { workerHttp: true });
  workerUrl = sys.workerUrl!;
});
afterAll(async () => {
  await sys?.close();
});

async function scrape(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample: `name{labels…} value`, every given label present; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const has = Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`));
    if (has) return Number(m[3]);
  }
  return 0;
}

describe('observability', () => {
  it('the API and the worker answer their health probes', async () => {
    for (const path of ['/health/live', '/health/ready']) {
      const res = await fetch(`${sys.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
    }
    const live = await fetch(`${workerUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${workerUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, state: 'RUNNING' });
  });

  it('a registration moves the registrations counter, and the welcome credit the ledger counters', async () => {
    const before = await scrape(sys.baseUrl);
    await registerActiveAgent(sys);
    const after = await scrape(sys.baseUrl);
    expect(sample(after, 'bonus_registrations_total') - sample(before, 'bonus_registrations_total')).toBe(1);

    // The worker (in this process in tests) counted the welcome credit after its transaction committed.
    const worker = await scrape(workerUrl);
    const credited = (text: string) => sample(text, 'bonus_ledger_points_total', { kind: 'credit', source: 'welcome' });
    expect(credited(worker) - credited(before)).toBe(100);
  });

  it('counts requests by route pattern, never by raw path, with their status and duration', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const unknown = await sys.call('GET', `/api/registrations/${id}`);
    expect(unknown.status).toBe(404);
    const text = await scrape(sys.baseUrl);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/api/registrations/:id', status: '404' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/registrations/:id' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(text).not.toContain(id);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/health/ready', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it('reads the review queue and the open holds from the database at each scrape', async () => {
    const before = sample(await scrape(sys.baseUrl), 'bonus_review_queue_length');
    await registerIntermediary(sys);
    const text = await scrape(sys.baseUrl);
    expect(sample(text, 'bonus_state_gauges_up')).toBe(1);
    expect(sample(text, 'bonus_review_queue_length')).toBeGreaterThanOrEqual(before + 1);
    expect(sample(text, 'bonus_review_queue_oldest_age_seconds')).toBeGreaterThan(0);
    expect(text).toMatch(/^bonus_holds_open \d+$/m);
    expect(text).toMatch(/^bonus_holds_open_points \d+$/m);
  });

  it("the worker's metrics carry its process figures", async () => {
    const text = await scrape(workerUrl);
    expect(text).toContain('# TYPE bonus_ledger_entries_total counter');
    expect(text).toMatch(/^process_cpu_seconds_total /m);
  });

  it('with METRICS_TOKEN, /metrics answers only the bearer of the token', async () => {
    const token = 'metrics-token-0123456789';
    const guarded = await startTestSystem({ METRICS_TOKEN: token }, { worker: false });
    try {
      expect((await fetch(`${guarded.baseUrl}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      await scrape(guarded.baseUrl, { authorization: `Bearer ${token}` });
    } finally {
      await guarded.close();
    }
  });
});

describe('the request id (X-Request-Id) through the API, the workflow and its activities', () => {
  it("answers the client's id, or a new one when it sends none or an unusable one", async () => {
    const given = `req-${randomUUID()}`;
    const kept = await fetch(`${sys.baseUrl}/health/live`, { headers: { 'x-request-id': given } });
    expect(kept.headers.get('x-request-id')).toBe(given);
    const made = await fetch(`${sys.baseUrl}/health/live`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await fetch(`${sys.baseUrl}/health/live`, { headers: { 'x-request-id': 'no spaces <or> markup' } });
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reaches the workflow's start and its activities' headers, and the activity log lines of a worker process", async () => {
    // The API of this system, and a worker in a process of its own whose JSON log we read.
    const api = await startTestSystem({}, { worker: false });
    const workers = workerProcesses(() => api);
    try {
      const child = workers.start(undefined, { LOG_LEVEL: 'debug' });
      let log = '';
      child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      await workers.polling(child);

      const inn = randomInn();
      await addContract(api, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Агентство ${inn}` });
      const email = uniqueEmail('traced');
      const requestId = `trace-${randomUUID()}`;
      const res = await fetch(`${api.baseUrl}/api/registrations`, {
        method: 'POST',
        headers: { 'x-api-key': api.apiKey, 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ firstName: 'Анна', lastName: 'Смирнова', email, agencyInn: inn, contractPath: 'agent' }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-request-id')).toBe(requestId);

      // In the history: the start's header, and the header of the activity that mailed the confirmation link,
      // scheduled by the first workflow task (which may come after the answer: the API stores the form itself).
      const handle = api.temporal.workflow.getHandle(participantWorkflowId(email.toLowerCase()));
      const idIn = (header: { fields?: Record<string, unknown> | null } | null | undefined) =>
        header?.fields?.requestId ? defaultPayloadConverter.fromPayload(header.fields.requestId as never) : undefined;
      const history = await waitFor(async () => {
        const events = (await handle.fetchHistory()).events!;
        return events.some((e) => e.activityTaskScheduledEventAttributes) ? events : null;
      });
      expect(idIn(history[0].workflowExecutionStartedEventAttributes!.header)).toBe(requestId);
      const scheduled = history.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendConfirmationLink');
      expect(scheduled.length).toBe(1);
      expect(idIn(scheduled[0].activityTaskScheduledEventAttributes!.header)).toBe(requestId);

      // The worker's log: JSON lines, the activity's carrying the request id.
      const line = await waitFor(async () =>
        log
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l.activityType === 'sendConfirmationLink' && l.msg === 'Activity completed'),
      );
      expect(line).toMatchObject({
        level: 'debug',
        requestId,
        component: 'temporal-sdk',
        workflowId: participantWorkflowId(email.toLowerCase()),
      });
    } finally {
      workers.killAll();
      await api.close();
    }
  });
});
