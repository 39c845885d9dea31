/**
 * A free port is only a hint until something listens on it: onFreePort tries another when the one
 * it was given is taken meanwhile, and passes any other failure on at once.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { onFreePort } from '../../infra/ports.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      resolve(server);
    });
  });
}

describe('onFreePort', () => {
  it('listens on another port when the first was taken between its choice and the listen', async () => {
    const given: number[] = [];
    const server = await onFreePort(async (port) => {
      given.push(port);
      if (given.length === 1) await listen(port); // someone else takes it first
      return listen(port);
    });
    expect(given).toHaveLength(2);
    expect(given[1]).not.toBe(given[0]);
    expect(server.address()).toMatchObject({ port: given[1] });
  });

  it('passes any other failure on at once', async () => {
    let calls = 0;
    await expect(
      onFreePort(async () => {
        calls++;
        throw new Error('no database');
      }),
    ).rejects.toThrow('no database');
    expect(calls).toBe(1);
  });

  it('gives up after the attempts it was given, with the last EADDRINUSE', async () => {
    let calls = 0;
    const attempt = onFreePort(async (port) => {
      calls++;
      await listen(port);
      return listen(port);
    }, 3);
    await expect(attempt).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(calls).toBe(3);
  });
});
