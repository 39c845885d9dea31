import { createHash, createHmac, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Passwords (staff and participants): argon2id. */
export const hashPassword = (password: string): Promise<string> => hash(password);
export const verifyPassword = (passwordHash: string, password: string): Promise<boolean> =>
  verify(passwordHash, password).catch(() => false);

/** High-entropy secrets (API keys, session and link tokens) are stored as SHA-256. */
export const sha256 = (value: string | Buffer): string => createHash('sha256').update(value).digest('hex');

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * A one-time link token derived from a secret and a stable key, so that a retried activity sends
 * the same link it stored the hash of, while neither the token nor the secret enters workflow history.
 */
export const derivedToken = (secret: string, key: string): string => createHmac('sha256', secret).update(key).digest('base64url');
