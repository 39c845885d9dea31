/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), the staff console's second factor:
 * SHA-1, 30-second steps, six digits, as every authenticator app reads them from an otpauth:// URI.
 * Built on node:crypto alone. Pure functions of their inputs (the time is passed in).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  algorithm?: TotpAlgorithm;
  digits?: number;
  stepSeconds?: number;
}

const defaults = { algorithm: 'sha1', digits: 6, stepSeconds: 30 } as const satisfies Required<TotpOptions>;

/** RFC 4226: the code for one counter value (dynamic truncation of the HMAC, then the low digits). */
export function hotp(key: Buffer, counter: bigint | number, o: TotpOptions = {}): string {
  const { algorithm, digits } = { ...defaults, ...o };
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238: the time step of an instant (Unix time in ms; T0 = 0). */
export const timeStep = (nowMs: number, stepSeconds: number = defaults.stepSeconds): number => Math.floor(nowMs / 1000 / stepSeconds);

/** RFC 6238: the code at an instant. */
export const totp = (key: Buffer, nowMs: number, o: TotpOptions = {}): string => hotp(key, timeStep(nowMs, o.stepSeconds), o);

/**
 * Checks a code against the steps around now (±`window`, for clocks that drift and codes typed at
 * the end of their step). Answers the step it matched, or null. Every candidate is compared, in
 * constant time, so the answer's timing does not tell which step matched. The caller refuses a step
 * at or before the last one it accepted (replay protection).
 */
export function matchTotp(key: Buffer, code: string, nowMs: number, o: TotpOptions & { window?: number } = {}): number | null {
  const digits = o.digits ?? defaults.digits;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const current = timeStep(nowMs, o.stepSeconds);
  const window = o.window ?? 1;
  let matched: number | null = null;
  for (let step = current - window; step <= current + window; step++) {
    if (timingSafeEqual(Buffer.from(hotp(key, step, o)), Buffer.from(code)) && matched === null) matched = step;
  }
  return matched;
}

// ---- the secret ------------------------------------------------------------------------------

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as authenticator apps take secrets. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new shared secret: 20 random bytes (160 bits, RFC 4226's recommended length for SHA-1). */
export const newTotpSecret = (): Buffer => randomBytes(20);

/** The URI an authenticator app reads (usually from a QR code): issuer, account, secret and parameters. */
export function otpauthUri(issuer: string, account: string, secret: Buffer): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: 'SHA1',
    digits: String(defaults.digits),
    period: String(defaults.stepSeconds),
  });
  return `otpauth://totp/${label}?${params.toString().replace(/\+/g, '%20')}`;
}

// ---- at rest ---------------------------------------------------------------------------------

// The secret has to be read back to check codes, so it cannot be hashed; it is sealed with a key
// derived from TOKEN_SECRET, so a copy of the database alone does not give anyone's codes.
const sealingKey = (tokenSecret: string) => Buffer.from(hkdfSync('sha256', tokenSecret, 'bonus-program', 'staff-totp-secret', 32));

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function sealTotpSecret(tokenSecret: string, secret: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(tokenSecret), iv);
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function openTotpSecret(tokenSecret: string, sealed: string): Buffer {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('Unknown sealed TOTP secret format');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(tokenSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
}
