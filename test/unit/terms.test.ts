import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { TermsSettings } from '../../db/terms.js';
import { brokenTermConstraint, termDefinitions, termKeys } from '../../rules/terms.js';

const env = { DATABASE_URL: 'postgres://x', TOKEN_SECRET: 'a-secret-of-enough-length' };

describe('program terms', () => {
  it('R27: every term has one definition: its default, range and environment variable', () => {
    const config = loadConfig(env);
    for (const key of termKeys) {
      const term = termDefinitions[key];
      expect(config.program[key], key).toBe(term.default);
      expect(term.default, key).toBeGreaterThanOrEqual(term.min);
      expect(term.default, key).toBeLessThanOrEqual(term.max);
      expect(loadConfig({ ...env, [term.env]: String(term.default + 1) }).program[key], term.env).toBe(term.default + 1);
    }
    expect(brokenTermConstraint(config.program)).toBeNull();
  });

  it('R27: configuration takes short waits for tests, an admin change only values within the range', () => {
    expect(loadConfig({ ...env, PAYMENT_WINDOW_MS: '2000' }).program.paymentWindowMs).toBe(2000);
    expect(() => loadConfig({ ...env, PAYMENT_WINDOW_MS: '0' })).toThrow(/paymentWindowMs/);
    expect(TermsSettings.safeParse({ paymentWindowMs: 2000 }).success).toBe(false);
    expect(TermsSettings.safeParse({ paymentWindowMs: 10 * 60_000 }).success).toBe(true);
    expect(TermsSettings.safeParse({ welcomePoints: 2.5 }).success).toBe(false);
    expect(TermsSettings.safeParse({ unknownTerm: 1 }).success).toBe(false);
    expect(TermsSettings.parse({ welcomePoints: 50 })).toEqual({ welcomePoints: 50 });
  });

  it('R20, R21: terms that belong together are checked together', () => {
    const terms = loadConfig(env).program;
    expect(brokenTermConstraint({ ...terms, expiryNoticeMs: terms.lotLifetimeMs })?.key).toBe('expiryNoticeMs');
    expect(brokenTermConstraint({ ...terms, emailChangeReminderMs: terms.emailChangeDocumentsTimeoutMs })?.key).toBe(
      'emailChangeReminderMs',
    );
  });
});
