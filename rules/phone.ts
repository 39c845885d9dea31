/**
 * A6: a participant's phone number, a third login next to the member number and the email, and where
 * the sign-in code goes when an SMS relay is configured. Stored and compared in E.164: `+`, then the
 * country code and number, 8 to 15 digits in all. People type spaces, dashes, dots and brackets
 * (`+7 (912) 345-67-89`); those are dropped. A number without its `+` is refused rather than guessed:
 * `8 912 …` is a Russian trunk prefix, not a country code, and a member number is digits too.
 *
 * Pure: no I/O. Used by the API's schemas, the sign-in lookup and the tests.
 */

export type PhoneProblem = 'missing_plus' | 'not_digits' | 'wrong_length' | 'leading_zero';

export const PHONE_MESSAGES: Record<PhoneProblem, string> = {
  missing_plus: 'must start with + and the country code (E.164), e.g. +79123456789',
  not_digits: 'must contain only digits after the +, with optional spaces, dashes, dots or brackets',
  wrong_length: 'must have 8 to 15 digits after the + (E.164)',
  leading_zero: 'must not start with 0 after the + (a country code never does)',
};

/** What may separate the digits as people type them. */
const SEPARATORS = /[\s\-.()\u00a0]/g;

/** The typed number without its separators (not yet checked). */
export const stripPhone = (typed: string): string => typed.replace(SEPARATORS, '');

/** Why `typed` is not a phone number, or null when it is one. */
export function phoneProblem(typed: string): PhoneProblem | null {
  const compact = stripPhone(typed);
  if (!compact.startsWith('+')) return 'missing_plus';
  const digits = compact.slice(1);
  if (!/^\d+$/.test(digits)) return 'not_digits';
  if (digits.length < 8 || digits.length > 15) return 'wrong_length';
  if (digits.startsWith('0')) return 'leading_zero';
  return null;
}

/** The E.164 form of a valid number (`+79123456789`); null when it is not one. */
export function normalizePhone(typed: string): string | null {
  return phoneProblem(typed) === null ? stripPhone(typed) : null;
}

/** Whether a sign-in login is meant as a phone number (it starts with `+`), not a member number or an email. */
export const looksLikePhone = (login: string): boolean => login.trim().startsWith('+');

/** The number as an answer may show it to whoever holds the password: `+7•••••••89`. */
export function maskPhone(e164: string): string {
  return e164.length <= 5 ? e164 : `${e164.slice(0, 2)}${'•'.repeat(e164.length - 4)}${e164.slice(-2)}`;
}
