/**
 * The local catchers' inbox, for `npm start`: a page on 127.0.0.1 that shows every mail and text
 * message the SMTP and SMS catchers took since the start, newest first, links and codes as sent. It
 * stands in for the participants' own mailboxes on a machine where nothing leaves: the confirmation
 * link of a registration, a password-reset link and a sign-in code are read here. The console's
 * "Mail" view shows the same messages with their links and codes masked (staff never hold a
 * participant's credential), so this page is a local tool only, never part of a deployment.
 *
 * `GET /` the page, `GET /messages` the same as JSON (`channel`, `to`, `subject`, `text`,
 * `receivedAt`).
 */
import { createServer } from 'node:http';
import type { MailCatcher } from './mail-catcher.js';
import { listenOnLoopback } from './ports.js';
import type { SmsCatcher } from './sms-catcher.js';

export interface InboxMessage {
  channel: 'email' | 'sms';
  to: string;
  /** an email's subject; empty for a text message */
  subject: string;
  text: string;
  receivedAt: string;
}

export interface LocalInbox {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Both catchers' messages as one list, newest first. */
export function inboxMessages(catchers: { mail?: MailCatcher; sms?: SmsCatcher }): InboxMessage[] {
  const mail: InboxMessage[] = (catchers.mail?.messages ?? []).map((m) => ({
    channel: 'email',
    to: m.to.join(', '),
    subject: m.subject,
    text: m.text,
    receivedAt: m.receivedAt.toISOString(),
  }));
  const sms: InboxMessage[] = (catchers.sms?.messages ?? []).map((m) => ({
    channel: 'sms',
    to: m.to,
    subject: '',
    text: m.text,
    receivedAt: m.receivedAt.toISOString(),
  }));
  return [...mail, ...sms].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The text, escaped, with each http(s) link made one to follow. */
const withLinks = (text: string): string =>
  text
    .split(/(https?:\/\/[^\s<>"']+)/)
    .map((part, i) => (i % 2 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join('');

/** The page shows the newest this many; `/messages` has them all. */
const PAGE_MESSAGES = 200;

export function inboxPage(messages: InboxMessage[]): string {
  const shown = messages.slice(0, PAGE_MESSAGES);
  const items = shown.map(
    (m) => `<article>
<header><b>${m.channel === 'sms' ? 'SMS' : 'Email'}</b> to <b>${escapeHtml(m.to)}</b> · ${escapeHtml(m.receivedAt)}</header>
${m.subject ? `<h2>${escapeHtml(m.subject)}</h2>` : ''}<pre>${withLinks(m.text)}</pre>
</article>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local inbox · bonus program</title>
<style>body{font:15px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
article{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}h2{font-size:1.05rem;margin:.5rem 0}
pre{white-space:pre-wrap;font:14px ui-monospace,monospace;margin:0}header{color:#555}</style></head>
<body><h1>Local inbox</h1>
<p>Every mail and text message this <code>npm start</code> caught, newest first (${shown.length < messages.length ? `the newest ${shown.length} of ${messages.length}` : messages.length}). Nothing left the
machine: this page stands in for the participants' mailboxes and phones. Reload to see new ones; as JSON:
<a href="messages">messages</a>.</p>
${items.join('\n') || '<p>Nothing yet.</p>'}
</body></html>`;
}

/** Serves the inbox on 127.0.0.1:`port` (0: a free one); a port another program holds is an EADDRINUSE error. */
export async function startLocalInbox(catchers: { mail?: MailCatcher; sms?: SmsCatcher }, port = 0): Promise<LocalInbox> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('GET only');
    } else if (path === '/') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(inboxPage(inboxMessages(catchers)));
    } else if (path === '/messages') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(inboxMessages(catchers)));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the inbox is at /');
    }
  });
  const actualPort = await listenOnLoopback(server, port);
  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
