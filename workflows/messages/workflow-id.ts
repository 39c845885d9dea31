/**
 * Workflow ids built from values of unbounded length (an email has up to 254 characters) must fit
 * Temporal's id limit: `limit.maxIDLength`, counted in bytes. Our dev server and the
 * production-shaped compose file set it to 255 (infra/temporal-dev-server.ts,
 * deploy/dynamicconfig/development-sql.yaml); a stock cluster allows 1000, which we do not rely on.
 */
import { sha256Hex, utf8 } from './sha256.js';

export const MAX_WORKFLOW_ID_BYTES = 255;

/** Hex digits of the SHA-256 kept in a shortened id: 128 bits, no collision to fear. */
const HASH_DIGITS = 32;
const SEPARATOR = '~';

/**
 * `<prefix><key>` when that fits; otherwise `<prefix><head of key>~<first 32 hex of sha256(key)>`,
 * the head as long as fits. Deterministic, so the same key always gives the same id (R1 keeps
 * holding for the participant's email), and safe to call inside workflows.
 *
 * The two forms never collide: the plain form is used only up to MAX − 4 bytes, while a shortened
 * id is cut at a character boundary (a UTF-8 character has at most 4 bytes) and so has between
 * MAX − 3 and MAX bytes.
 */
export function boundedWorkflowId(prefix: string, key: string): string {
  const plain = prefix + key;
  if (utf8(plain).length <= MAX_WORKFLOW_ID_BYTES - 4) return plain;
  const tail = SEPARATOR + sha256Hex(key).slice(0, HASH_DIGITS);
  let budget = MAX_WORKFLOW_ID_BYTES - utf8(prefix).length - tail.length;
  let head = '';
  for (const ch of key) {
    const size = utf8(ch).length;
    if (size > budget) break;
    head += ch;
    budget -= size;
  }
  return prefix + head + tail;
}
