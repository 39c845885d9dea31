/**
 * Replay: every saved history in test/replay/histories/ (one or more per workflow type, recorded by
 * test/replay/record-histories.ts) is replayed against today's workflow code. A change that would break
 * workflows already running (a command added, removed or reordered without `patched()`) fails here
 * with a determinism error, before it is deployed.
 *
 * When this fails, do not re-record to make it pass: keep the old behaviour for running workflows
 * with `patched('<change>')` (or start a new workflow type), then add a history of the new path.
 * How and when to refresh the histories deliberately: see test/replay/record-histories.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protos from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

interface SavedHistory {
  workflowType: string;
  workflowId: string;
  description: string;
  /** protobufjs object form (see test/replay/record-histories.ts). */
  history: Record<string, unknown>;
}

const saved = readdirSync(historiesDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(historiesDir + file, 'utf8')) as SavedHistory) }));

let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  // Replay workers log every replayed workflow task; keep the output to warnings.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
});

describe("saved histories replay against today's workflow code", () => {
  it('covers every workflow type the worker runs', async () => {
    const workflows = await import('../../workflows/index.js');
    const recorded = new Set(saved.map((h) => h.workflowType));
    const missing = Object.keys(workflows).filter((type) => !recorded.has(type));
    expect(missing, 'add a flow for these to test/replay/record-histories.ts and record').toEqual([]);
  });

  it('replays every history without a determinism error', async () => {
    const { History } = protos.temporal.api.history.v1;
    const histories = saved.map(({ workflowId, history }) => ({ workflowId, history: History.fromObject(history) }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'replay-test' }, histories)) {
      replayed++;
      if (result.error) {
        const { file } = saved.find((h) => h.workflowId === result.workflowId)!;
        failures.push(`${file} (${result.workflowId}): ${result.error.name}: ${result.error.message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(saved.length);
  });
});
