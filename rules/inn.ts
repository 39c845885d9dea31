/**
 * Russian taxpayer numbers (INN), R2: 10 digits for a company, 12 for an individual
 * entrepreneur, the last one (or two) being check digits over the preceding digits.
 */
const WEIGHTS_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

const checkDigit = (digits: number[], weights: number[]): number => (weights.reduce((sum, w, i) => sum + w * digits[i], 0) % 11) % 10;

export type InnProblem = 'not_digits' | 'wrong_length' | 'wrong_check_digit';

/** Why `inn` is not a valid INN, or null when it is. */
export function innProblem(inn: string): InnProblem | null {
  if (!/^\d+$/.test(inn)) return 'not_digits';
  const d = [...inn].map(Number);
  if (d.length === 10) return checkDigit(d, WEIGHTS_10) === d[9] ? null : 'wrong_check_digit';
  if (d.length === 12) {
    return checkDigit(d, WEIGHTS_11) === d[10] && checkDigit(d, WEIGHTS_12) === d[11] ? null : 'wrong_check_digit';
  }
  return 'wrong_length';
}

export const isValidInn = (inn: string): boolean => innProblem(inn) === null;
