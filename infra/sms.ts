/**
 * A6: text messages through an HTTP SMS relay (`SMS_RELAY_URL`): `POST <url>` with the JSON body
 * `{ "to": "+79123456789", "text": "…" }`; any 2xx answer means the relay took the message. An
 * SMPP gateway sits behind such a relay (the operator's, or a provider's HTTP API). User and password
 * in the URL are sent as HTTP Basic authentication. `Idempotency-Key` lets a relay that honours it
 * drop a repeated message. `npm start` and the tests point it at a local catcher
 * (infra/sms-catcher.ts): nothing leaves the machine.
 */

export interface OutgoingSms {
  /** E.164 */
  to: string;
  text: string;
  /** the record's idempotency key (sent_mail) */
  key: string;
}

export interface SmsRelay {
  send(sms: OutgoingSms): Promise<void>;
}

/** How long one message may take the relay to accept before the send counts as failed. */
const RELAY_TIMEOUT_MS = 10_000;

export function createSmsRelay(relayUrl: string): SmsRelay {
  const url = new URL(relayUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const target = url.toString();
  return {
    async send({ to, text, key }) {
      const res = await fetch(target, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': key },
        body: JSON.stringify({ to, text }),
        signal: AbortSignal.timeout(RELAY_TIMEOUT_MS),
      });
      // The relay's answer is not read further: drain it so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`SMS relay answered ${res.status}`);
    },
  };
}
