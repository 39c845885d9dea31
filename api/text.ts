/**
 * The field types every request schema builds its strings from, so each string of every body,
 * query and form is checked the same way before anything stores it (rules/text.ts): no control
 * characters (multi-line text keeps `\n` and `\t`), well-formed Unicode, no bidirectional
 * overrides, trimmed, and at most the length its column takes. A refusal is the usual 400
 * `validation_failed` naming the field.
 */
import { z } from 'zod';
import { isValidEmail } from '../rules/email.js';
import { PHONE_MESSAGES, normalizePhone, phoneProblem } from '../rules/phone.js';
import { textFault, textFaultMessage, unifyLineEndings } from '../rules/text.js';

export interface TextOptions {
  /** fewest characters after trimming; 1 (required) unless given */
  min?: number;
  /** keeps line breaks and tabs (a statement, a reason, a description) */
  multiline?: boolean;
}

/** A type's message for a value of the wrong type, and "is required" for one left out. */
export const missingOr = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what) });
const notAString = missingOr('must be a string');

/** The character check alone, for strings that are not trimmed (passwords) or that have a format of their own. */
const wellFormed = (multiline: boolean) =>
  z.superRefine<string>((value, ctx) => {
    const fault = textFault(value, { multiline });
    if (fault) ctx.addIssue({ code: 'custom', message: textFaultMessage(fault), input: value });
  });

/** Trimmed text of at most `max` characters; required (at least one character) unless `min: 0`. */
export function text(max: number, { min = 1, multiline = false }: TextOptions = {}) {
  let schema = z.string(notAString);
  if (multiline) schema = schema.overwrite(unifyLineEndings);
  schema = schema.trim().check(wellFormed(multiline));
  if (min > 0) schema = schema.min(min, min === 1 ? 'is required' : `must be at least ${min} characters`);
  return schema.max(max, `must be at most ${max} characters`);
}

/** Text that may be left out; an empty or blank value counts as left out. */
export const optionalText = (max: number, options: Omit<TextOptions, 'min'> = {}) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max, options).optional());

/** A password or a one-time token: taken as typed (never trimmed), but still clean text. */
export const secret = (max: number, min = 1) =>
  z
    .string(notAString)
    .check(wellFormed(false))
    .min(min, min === 1 ? 'is required' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

/** An email address (R1: trimmed; compared case-insensitively elsewhere). */
export const email = () =>
  z
    .string(notAString)
    .trim()
    .check(wellFormed(false))
    .max(254, 'must be at most 254 characters')
    .refine(isValidEmail, 'must be a valid email address');

/** PostgreSQL's `integer`: the largest whole number an int4 column holds. */
export const INT4_MAX = 2_147_483_647;

/** A whole number from `min` to `max` (within an int4 column unless narrower). */
export const wholeNumber = (min: number, max = INT4_MAX) =>
  z
    .number(missingOr('must be a number'))
    .int('must be a whole number')
    .min(min, min === 0 ? 'must not be negative' : `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** A6: a phone number in E.164 (rules/phone.ts), given with or without spaces and dashes; the value is its E.164 form. */
export const phone = () =>
  z
    .string(notAString)
    .check(wellFormed(false))
    .max(40, 'must be at most 40 characters')
    .superRefine((value, ctx) => {
      const problem = phoneProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: PHONE_MESSAGES[problem], input: value });
    })
    .transform((value) => normalizePhone(value)!)
    .meta({ description: 'A6: E.164, `+` and 8–15 digits (spaces, dashes, dots and brackets are dropped)', example: '+79123456789' });

/** A6: a phone that may be left out; an empty or blank value counts as left out. */
export const optionalPhone = () => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), phone().optional());
