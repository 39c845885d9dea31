/**
 * A6: a local SMS relay for `npm start` and the tests, the text-message twin of infra/mail-catcher.ts:
 * it listens on 127.0.0.1 only, takes the relay protocol of infra/sms.ts (`POST` a JSON
 * `{ to, text }`, answered 202) and keeps every message in memory. Nothing leaves the machine; the
 * console shows the messages from `sent_mail` (channel `sms`), codes masked.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { listenOnLoopback } from './ports.js';

export interface CaughtSms {
  to: string;
  text: string;
  /** the sender's Idempotency-Key header, if any */
  key: string | null;
  receivedAt: Date;
}

export interface SmsCatcher {
  port: number;
  /** `http://127.0.0.1:<port>/sms`, usable as SMS_RELAY_URL. */
  url: string;
  /** Every message received so far, oldest first. */
  messages: CaughtSms[];
  /** The first message (already received or still to come) that matches, or an error after `timeoutMs`. */
  waitFor(predicate: (m: CaughtSms) => boolean, timeoutMs?: number): Promise<CaughtSms>;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body as a JSON object, or null when it is none (too large, not JSON). */
function parseJson(text: string | null): { to?: unknown; text?: unknown } | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as { to?: unknown; text?: unknown }) : null;
  } catch {
    return null;
  }
}

export async function startSmsCatcher(port = 0): Promise<SmsCatcher> {
  const messages: CaughtSms[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST') return void answer(405, { error: 'POST a JSON {to, text}' });
    readBody(req)
      .then((text) => {
        const body = parseJson(text);
        if (!body || typeof body.to !== 'string' || typeof body.text !== 'string')
          return answer(400, { error: 'expected JSON {to, text}' });
        const sms: CaughtSms = {
          to: body.to,
          text: body.text,
          key: req.headers['idempotency-key']?.toString() ?? null,
          receivedAt: new Date(),
        };
        messages.push(sms);
        arrivals.emit('sms', sms);
        answer(202, { accepted: true });
      })
      .catch(() => answer(400, { error: 'unreadable body' }));
  });
  const actualPort = await listenOnLoopback(server, port);

  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}/sms`,
    messages,
    waitFor(predicate, timeoutMs = 30_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtSms>((resolve, reject) => {
        const onSms = (sms: CaughtSms) => {
          if (!predicate(sms)) return;
          clearTimeout(timer);
          arrivals.removeListener('sms', onSms);
          resolve(sms);
        };
        const timer = setTimeout(() => {
          arrivals.removeListener('sms', onSms);
          reject(new Error(`SMS catcher: no matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        arrivals.on('sms', onSms);
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
