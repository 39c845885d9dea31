/** A6: the phone number as a login (rules/phone.ts) and its request field (api/text.ts `phone`). */
import { describe, expect, it } from 'vitest';
import { phone } from '../../api/text.js';
import { looksLikePhone, maskPhone, normalizePhone, phoneProblem } from '../../rules/phone.js';

describe('phone numbers (E.164)', () => {
  it('A6: a number with its + and 8 to 15 digits is taken, spaces, dashes, dots and brackets dropped', () => {
    expect(normalizePhone('+79123456789')).toBe('+79123456789');
    expect(normalizePhone(' +7 (912) 345-67-89 ')).toBe('+79123456789');
    expect(normalizePhone('+44.20.7946.0958')).toBe('+442079460958');
    expect(normalizePhone('+12345678')).toBe('+12345678'); // 8 digits, the shortest
    expect(normalizePhone('+123456789012345')).toBe('+123456789012345'); // 15, the longest
  });

  it('A6: an invalid number says why', () => {
    expect(phoneProblem('89123456789')).toBe('missing_plus');
    expect(phoneProblem('+7 912 ABC 67 89')).toBe('not_digits');
    expect(phoneProblem('+7912+3456789')).toBe('not_digits');
    expect(phoneProblem('+1234567')).toBe('wrong_length');
    expect(phoneProblem('+1234567890123456')).toBe('wrong_length');
    expect(phoneProblem('+0123456789')).toBe('leading_zero');
    expect(phoneProblem('')).toBe('missing_plus');
    expect(normalizePhone('+1234567')).toBeNull();
  });

  it('A6: the request field gives the E.164 form or a message naming what is wrong', () => {
    expect(phone().parse('+7 912 345-67-89')).toBe('+79123456789');
    const refused = phone().safeParse('8 912 345 67 89');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toMatch(/must start with \+/);
    expect(phone().safeParse('+7912\u00003456789').success).toBe(false);
    expect(phone().safeParse(79123456789).success).toBe(false);
  });

  it('A6: a login starting with + is a phone; the masked number keeps its ends', () => {
    expect(looksLikePhone(' +79123456789')).toBe(true);
    expect(looksLikePhone('100001')).toBe(false);
    expect(looksLikePhone('anna@agency.example')).toBe(false);
    expect(maskPhone('+79123456789')).toBe('+7••••••••89');
  });
});
