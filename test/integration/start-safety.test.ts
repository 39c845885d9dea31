/**
 * `npm start` launches local servers on ports it found free a moment before. If another program takes
 * such a port in between, our server fails to bind, and the *other* server would answer the readiness
 * check: the worker would then run that system's tasks against this system's database. Each start
 * path here must notice and stop with a clear error instead (infra/temporal-dev-server.ts,
 * infra/embedded-postgres.ts, infra/mail-catcher.ts). Real servers, real ports.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runningEmbeddedPostgres, startEmbeddedPostgres } from '../../infra/embedded-postgres.js';
import { startMailCatcher } from '../../infra/mail-catcher.js';
import { startTemporalDevServer } from '../../infra/temporal-dev-server.js';
import { ensureSearchAttributes, REQUIRED_SEARCH_ATTRIBUTES } from '../../worker/search-attributes.js';
import { waitFor } from '../support/system.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

describe('starting safely: a local server that answers must be our own', () => {
  it('the Temporal start refuses a port held by another Temporal dev server instead of using it', async () => {
    const foreign = await startTemporalDevServer({ uiPort: null });
    cleanups.push(foreign.stop);
    const foreignPort = Number(foreign.address.split(':')[1]);

    // The port was free when npm start looked; now the other server holds it.
    await expect(startTemporalDevServer({ port: foreignPort, uiPort: null, readyTimeoutMs: 60_000 })).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${foreignPort} is taken by another program \\(another Temporal server answers there\\)`),
    );

    // The other server was left alone, and it never had our identity namespace.
    const connection = await Connection.connect({ address: foreign.address });
    try {
      const { namespaces } = await connection.workflowService.listNamespaces({});
      const names = namespaces.map((n) => n.namespaceInfo?.name);
      expect(names).toContain(foreign.identityNamespace);
      expect(names.filter((n) => n?.startsWith('local-'))).toEqual([foreign.identityNamespace]);
    } finally {
      await connection.close();
    }
  });

  it('the embedded PostgreSQL refuses a port held by another PostgreSQL (even one with the same password)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'start-safety-'));
    chmodSync(root, 0o755); // as root, PostgreSQL runs as the `postgres` user, which must enter the folder
    cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
    const foreign = await startEmbeddedPostgres(join(root, 'foreign'), { port: 0 });
    cleanups.push(foreign.stop);

    await expect(startEmbeddedPostgres(join(root, 'ours'), { port: foreign.port })).rejects.toThrow(
      new RegExp(
        `another PostgreSQL answers on 127\\.0\\.0\\.1:${foreign.port} .*not ours|127\\.0\\.0\\.1:${foreign.port} is taken by another program`,
      ),
    );

    // An operator command finds a running server by its folder, and only that server.
    expect(await runningEmbeddedPostgres(join(root, 'foreign'))).toEqual({
      databaseUrl: foreign.databaseUrl,
      port: foreign.port,
    });
    expect(await runningEmbeddedPostgres(join(root, 'ours'))).toBeNull();
  });

  it('the SMTP catcher refuses a port another program holds, and reports the port it picked itself', async () => {
    const other = await startMailCatcher(0);
    cleanups.push(other.stop);
    await expect(startMailCatcher(other.port)).rejects.toThrow(`SMTP catcher: 127.0.0.1:${other.port} is taken by another program`);
    const ours = await startMailCatcher(0);
    cleanups.push(ours.stop);
    expect(ours.port).not.toBe(other.port);
    expect(ours.url).toBe(`smtp://127.0.0.1:${ours.port}`);
  });
});

describe('the worker makes sure of the search attributes the workflows set', () => {
  it('adds them to a namespace that lacks them, and finds them there the next time', async () => {
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    try {
      const namespace = `sa-${randomUUID().slice(0, 8)}`;
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      // A new namespace takes a moment to be known to every part of the server.
      await waitFor(() =>
        connection.operatorService.listSearchAttributes({ namespace }).then(
          () => true,
          () => false,
        ),
      );
      const names = async () => Object.keys((await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {});
      expect(await names()).toEqual([]);

      const said: string[] = [];
      await ensureSearchAttributes(connection, namespace, (m) => said.push(m));
      expect((await names()).sort()).toEqual(REQUIRED_SEARCH_ATTRIBUTES.map((k) => k.name).sort());
      expect(said).toEqual([
        `registered the search attributes ParticipantEmail, MemberNumber, ParticipantStatus, ParticipantTier in namespace ${namespace}`,
      ]);

      await ensureSearchAttributes(connection, namespace, (m) => said.push(m));
      expect(said).toHaveLength(1); // nothing to add the second time
    } finally {
      await connection.close();
    }
  });
});
