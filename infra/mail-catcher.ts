/**
 * A local SMTP catcher for `npm start` and the tests: listens on 127.0.0.1 only, with no
 * authentication and no TLS, accepts every message and keeps the raw message in memory.
 * (The console shows sent mail from the database; this only has to accept it.)
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  /** The whole message as received: headers and body, still MIME-encoded. */
  raw: string;
  /** The Subject header, its encoded words (RFC 2047) decoded. */
  subject: string;
  /** The body of a single-part message, its transfer encoding (base64, quoted-printable) undone. */
  text: string;
  receivedAt: Date;
}

export interface MailCatcher {
  port: number;
  /** `smtp://127.0.0.1:<port>`, usable as SMTP_URL. */
  url: string;
  /** Every message received so far, oldest first. */
  messages: CaughtMail[];
  /** The first message (already received or still to come) that matches, or an error after `timeoutMs`. */
  waitFor(predicate: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  stop(): Promise<void>;
}

export async function startMailCatcher(port = 0): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    hideSTARTTLS: true,
    authOptional: true,
    logger: false,
    banner: 'bonus mail catcher',
    // Strict parsing refuses a 254-character address (it allows 253), which R1 and RFC 5321 accept.
    lenientAddressParsing: true,
    size: 50 * 1024 * 1024,
    // stop() waits at most this long for clients that keep a connection open.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: CaughtMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          subject: decodeSubject(raw),
          text: decodeBody(raw),
          receivedAt: new Date(),
        };
        messages.push(mail);
        arrivals.emit('mail', mail);
        callback();
      });
    },
  });
  // The catcher binds its port itself (0: the system picks one) and reports the port it holds, so the
  // address handed out as SMTP_URL is always its own; a port another program holds is an error.
  await new Promise<void>((resolve, reject) => {
    const refuse = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? Object.assign(new Error(`SMTP catcher: 127.0.0.1:${port} is taken by another program`), { code: err.code })
          : err,
      );
    server.once('error', refuse);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', refuse);
      resolve();
    });
  });
  // A client that misbehaves must not bring the process down.
  server.on('error', () => {});
  const actualPort = (server.server.address() as AddressInfo).port;

  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    messages,
    waitFor(predicate, timeoutMs = 30_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const onMail = (mail: CaughtMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          arrivals.removeListener('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrivals.removeListener('mail', onMail);
          reject(new Error(`mail catcher: no matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        arrivals.on('mail', onMail);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Subject header, unfolded, each encoded word (`=?UTF-8?B?…?=` or `?Q?`) decoded. */
function decodeSubject(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = (split < 0 ? raw : raw.slice(0, split)).replace(/\r?\n[ \t]+/g, ' ');
  const value = /^subject:[ \t]*(.*)$/im.exec(headers)?.[1] ?? '';
  // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (word, charset: string, encoding: string, text: string) => {
      if (!/^utf-?8$/i.test(charset) && !/^us-ascii$/i.test(charset)) return word;
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

/** The program sends single-part text mail: undo its Content-Transfer-Encoding. */
function decodeBody(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  if (split < 0) return '';
  const headers = raw.slice(0, split);
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const encoding = /^content-transfer-encoding:\s*([\w-]+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
