/**
 * Loopback ports for the servers this project starts itself (npm start, tests, benchmarks, the local
 * cluster). A free port is only a hint: each server is then checked to be the one we started.
 */
import { createServer, type Server } from 'node:net';

/** Whether nothing listens on 127.0.0.1:`port` right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A TCP port free on the loopback interface right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Whether `err` says an address was taken (a free port is only a hint until something listens on it). */
export function isAddressInUse(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

/**
 * Starts something on a free port, and on another free port when the first was taken between the
 * kernel's choice and the listen (an outgoing connection may be given the same number meanwhile).
 * `start` must leave nothing running when it fails.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (err) {
      if (attempt >= attempts || !isAddressInUse(err)) throw err;
    }
  }
}

/**
 * Starts a server that binds its own port on `port` if it is free, else on one the kernel picks (0):
 * either way the port it reports is its own. Any failure but a taken port is passed on.
 */
export function onPortOrAny<T>(port: number, start: (port: number) => Promise<T>): Promise<T> {
  return start(port).catch((err: unknown) => (isAddressInUse(err) ? start(0) : Promise.reject(err)));
}

/**
 * Listens on 127.0.0.1:`port` (0: a port the kernel picks) and gives the port held; a port another
 * program holds rejects with EADDRINUSE. Afterwards, a client that misbehaves cannot bring the
 * process down through an unhandled `error`.
 */
export async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  return (server.address() as { port: number }).port;
}
