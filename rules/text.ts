/**
 * What a piece of text from outside may hold, wherever it comes from: a JSON body, a query, a form
 * field, a CSV cell, an uploaded file's name. Checked once at the edge, so nothing downstream (a
 * PostgreSQL column, a jsonb document, a mail, the audit log, a workflow's history) meets it:
 *
 *  - no control characters (C0, DEL, C1): PostgreSQL refuses U+0000 in text and jsonb, and the
 *    others only hide or mangle what a reviewer reads; multi-line text keeps `\n` and `\t`;
 *  - well-formed Unicode: an unpaired surrogate cannot be encoded as UTF-8 (pg silently turns it into
 *    U+FFFD in text, and jsonb refuses its `\uD800` escape);
 *  - no bidirectional embedding, override or isolate controls (U+202A–U+202E, U+2066–U+2069): they
 *    make a name or a reason read differently from what it is ("Trojan Source");
 *  - single-line text has no line or paragraph separator (U+2028, U+2029) either.
 *
 * Pure: the API's field types (api/text.ts) and the CSV readers share it.
 */

export type TextProblem = 'control_character' | 'lone_surrogate' | 'bidi_control' | 'line_break';

export interface TextFault {
  problem: TextProblem;
  /** the code point at fault, as U+XXXX */
  character: string;
  /** its UTF-16 index in the text */
  index: number;
}

// One pass finds the first fault; `u` makes a paired surrogate one code point, so \p{Cs} only
// matches an unpaired one. Control characters are what these look for:
/* eslint-disable no-control-regex */
const SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]|\p{Cs}/u;
const MULTI_LINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
/* eslint-enable no-control-regex */

/** The first character `text` may not hold, or null when it is clean. */
export function textFault(text: string, { multiline = false } = {}): TextFault | null {
  const match = (multiline ? MULTI_LINE : SINGLE_LINE).exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0)!;
  const problem: TextProblem =
    code >= 0xd800 && code <= 0xdfff
      ? 'lone_surrogate'
      : (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
        ? 'bidi_control'
        : code === 0x2028 || code === 0x2029 || code === 0x0a || code === 0x0d
          ? 'line_break'
          : 'control_character';
  return { problem, character: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, index: match.index };
}

const MESSAGES: Record<TextProblem, string> = {
  control_character: 'must not contain control characters',
  lone_surrogate: 'must be well-formed Unicode: no unpaired surrogates',
  bidi_control: 'must not contain bidirectional override characters',
  line_break: 'must be a single line',
};

/** The message naming a fault, e.g. "must not contain control characters (U+0000 at 3)". */
export const textFaultMessage = (fault: TextFault): string => `${MESSAGES[fault.problem]} (${fault.character} at ${fault.index})`;

/** The problem with `text` as a message, or null: the faults above, then its length (in UTF-16 units, as String.length). */
export function textProblem(text: string, { multiline = false, max }: { multiline?: boolean; max?: number } = {}): string | null {
  const fault = textFault(text, { multiline });
  if (fault) return textFaultMessage(fault);
  if (max !== undefined && text.length > max) return `must be at most ${max} characters`;
  return null;
}

/** Multi-line text with one line ending: CRLF and CR become LF (what a browser's textarea holds). */
export const unifyLineEndings = (text: string): string => text.replace(/\r\n?/g, '\n');

/**
 * `text` made safe to quote in a message that may be stored (a report's row errors are jsonb):
 * every character `textFault` would refuse becomes U+FFFD, and it is cut to `max` characters.
 */
export function quotable(text: string, max = 80): string {
  const clean = text.replace(new RegExp(SINGLE_LINE.source, 'gu'), '\uFFFD');
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : clean;
}
