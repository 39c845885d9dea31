/**
 * The staff console's second factor (infra/totp.ts) against the RFCs' own test vectors:
 * RFC 4226 appendix D (HOTP) and RFC 6238 appendix B (TOTP with SHA-1, SHA-256 and SHA-512, 8 digits).
 */
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  newTotpSecret,
  openTotpSecret,
  otpauthUri,
  sealTotpSecret,
  totp,
  type TotpAlgorithm,
} from '../../infra/totp.js';

// RFC 6238 appendix B: the seed is the ASCII digits, repeated to the hash's length.
const seed = (length: number) => Buffer.from('1234567890'.repeat(7).slice(0, length), 'ascii');
const keys: Record<TotpAlgorithm, Buffer> = { sha1: seed(20), sha256: seed(32), sha512: seed(64) };

const rfc6238: Array<[seconds: number, sha1: string, sha256: string, sha512: string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it('HOTP gives RFC 4226 appendix D codes for counters 0 to 9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(keys.sha1, counter))).toEqual(expected);
  });

  for (const [seconds, ...codes] of rfc6238) {
    it(`TOTP at T=${seconds} s gives RFC 6238 appendix B codes for SHA-1, SHA-256 and SHA-512`, () => {
      const at = seconds * 1000;
      expect([
        totp(keys.sha1, at, { algorithm: 'sha1', digits: 8 }),
        totp(keys.sha256, at, { algorithm: 'sha256', digits: 8 }),
        totp(keys.sha512, at, { algorithm: 'sha512', digits: 8 }),
      ]).toEqual(codes);
    });
  }

  it('the defaults are what authenticator apps use: SHA-1, 30 s, 6 digits (the last six of the 8-digit vector)', () => {
    expect(totp(keys.sha1, 59_000)).toBe('287082');
    expect(totp(keys.sha1, 1111111109_000)).toBe('081804');
  });

  it('a code matches within one step either side of now and answers its step; further off, or malformed, it does not', () => {
    const key = newTotpSecret();
    const now = 1_700_000_015_000; // inside step 56666667
    const step = Math.floor(now / 30_000);
    const codeAt = (s: number) => hotp(key, s);
    expect(matchTotp(key, codeAt(step), now)).toBe(step);
    expect(matchTotp(key, codeAt(step - 1), now)).toBe(step - 1);
    expect(matchTotp(key, codeAt(step + 1), now)).toBe(step + 1);
    // Codes of steps two away almost never collide with the three accepted ones; skip the rare case.
    const accepted = new Set([step - 1, step, step + 1].map(codeAt));
    for (const far of [step - 2, step + 2]) {
      if (!accepted.has(codeAt(far))) expect(matchTotp(key, codeAt(far), now)).toBeNull();
    }
    expect(matchTotp(key, '12345', now)).toBeNull();
    expect(matchTotp(key, '1234567', now)).toBeNull();
    expect(matchTotp(key, 'abcdef', now)).toBeNull();
  });

  it('base32 round-trips and reads the RFC seed as authenticator apps write it', () => {
    expect(base32Encode(keys.sha1)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(keys.sha1);
    const random = newTotpSecret();
    expect(base32Decode(base32Encode(random))).toEqual(random);
  });

  it('the otpauth URI names the issuer, the account and the parameters', () => {
    const uri = new URL(otpauthUri('Bonus program', 'anna@operator.example', keys.sha1));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Bonus program:anna@operator.example');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      issuer: 'Bonus program',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('a sealed secret opens with the same TOKEN_SECRET only, and never contains the secret', () => {
    const secret = newTotpSecret();
    const sealed = sealTotpSecret('token-secret-0123456789', secret);
    expect(sealed).not.toContain(secret.toString('base64url'));
    expect(openTotpSecret('token-secret-0123456789', sealed)).toEqual(secret);
    expect(() => openTotpSecret('another-secret-0123456789', sealed)).toThrow();
  });
});
