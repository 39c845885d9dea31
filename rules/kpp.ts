/**
 * Russian tax registration reason codes (KPP), A7: nine characters, NNNNPPXXX. The first four are
 * the tax office's code (digits), the fifth and sixth the reason for registration (digits, or since
 * 2013 a capital Latin letter A–Z), the last three a serial number (digits). A KPP has no check
 * digit. Only organisations have one: an individual entrepreneur (a 12-digit INN) has none.
 */
export type KppProblem = 'wrong_length' | 'wrong_characters';

const KPP = /^\d{4}[0-9A-Z]{2}\d{3}$/;

/** Why `kpp` is not a well-formed KPP, or null when it is. */
export function kppProblem(kpp: string): KppProblem | null {
  if (kpp.length !== 9) return 'wrong_length';
  return KPP.test(kpp) ? null : 'wrong_characters';
}

export const isValidKpp = (kpp: string): boolean => kppProblem(kpp) === null;

/** An organisation (a 10-digit INN) has a KPP; an individual entrepreneur (12 digits) has none. */
export const innNeedsKpp = (inn: string): boolean => inn.length === 10;
