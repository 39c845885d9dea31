/**
 * Workflow ids built from an email fit Temporal's id limit (workflows/messages/workflow-id.ts), and
 * the workflow-safe SHA-256 they use agrees with node:crypto.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { participantWorkflowId } from '../../workflows/messages/participant.js';
import { sha256Hex } from '../../workflows/messages/sha256.js';
import { boundedWorkflowId, MAX_WORKFLOW_ID_BYTES } from '../../workflows/messages/workflow-id.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const nodeSha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
/** A valid address (rules/email.ts) of exactly `length` characters. */
const emailOfLength = (length: number, tag = 'a') => `${tag.repeat(64)}@${'d'.repeat(length - 64 - 1 - 8)}.example`;

describe('sha256Hex', () => {
  it('agrees with node:crypto on known vectors and around the block boundaries', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 0; n <= 300; n++) expect(sha256Hex('x'.repeat(n))).toBe(nodeSha256('x'.repeat(n)));
  });

  it('agrees with node:crypto on any text, in UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => sha256Hex(s) === nodeSha256(s)),
      { numRuns: 300 },
    );
  });
});

describe('participantWorkflowId (R1: one workflow per email)', () => {
  it('is participant:<email> while that fits', () => {
    expect(participantWorkflowId('anna@agency.example')).toBe('participant:anna@agency.example');
    const longest = emailOfLength(MAX_WORKFLOW_ID_BYTES - 4 - 'participant:'.length);
    expect(participantWorkflowId(longest)).toBe(`participant:${longest}`);
  });

  it('R1: an email of up to 254 characters gets an id within the limit, the same every time, and its own', () => {
    for (let length = 230; length <= 254; length++) {
      const email = emailOfLength(length);
      const id = participantWorkflowId(email);
      expect(bytes(id)).toBeLessThanOrEqual(MAX_WORKFLOW_ID_BYTES);
      expect(participantWorkflowId(email)).toBe(id);
      expect(id.startsWith('participant:aaaa')).toBe(true);
    }
    const long = emailOfLength(254);
    expect(participantWorkflowId(long)).toBe(
      `participant:${long.slice(0, MAX_WORKFLOW_ID_BYTES - 12 - 33)}~${nodeSha256(long).slice(0, 32)}`,
    );
    // Two addresses that differ only past the cut still get different ids.
    expect(participantWorkflowId(emailOfLength(254, 'a'))).not.toBe(
      participantWorkflowId(emailOfLength(254, 'a').replace(/\.example$/, '.examplf')),
    );
  });

  it('never cuts a character in two, and a shortened id is never a plain one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), (key) => {
        const id = boundedWorkflowId('participant:', key);
        expect(bytes(id)).toBeLessThanOrEqual(MAX_WORKFLOW_ID_BYTES);
        expect(id.includes('\uFFFD') && !key.includes('\uFFFD')).toBe(false);
        const plain = `participant:${key}`;
        if (id !== plain) expect(bytes(id)).toBeGreaterThan(MAX_WORKFLOW_ID_BYTES - 4);
        else expect(bytes(plain)).toBeLessThanOrEqual(MAX_WORKFLOW_ID_BYTES - 4);
      }),
      { numRuns: 500 },
    );
  });
});
