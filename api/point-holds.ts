/**
 * Points reserved for a spend the API takes: an order (R15) or a donation (A3). The hold is placed in
 * the caller's transaction (db/ledger.ts `placeHold`); a participant who holds fewer points is refused
 * with 409 `insufficient_points`, naming the request's field at fault and both figures.
 */
import { InsufficientPoints, placeHold } from '../db/ledger.js';
import type { Db } from '../db/pool.js';
import { AppError } from './errors.js';

export async function holdPointsFor(
  tx: Db,
  hold: Parameters<typeof placeHold>[1],
  spend: { what: 'order' | 'donation'; field: string },
): Promise<void> {
  try {
    await placeHold(tx, hold);
  } catch (err) {
    if (!(err instanceof InsufficientPoints)) throw err;
    const { available, wanted } = err;
    throw new AppError(
      409,
      'insufficient_points',
      `The participant holds ${available} points; this ${spend.what} needs ${wanted}`,
      spend.field,
      { available, wanted },
    );
  }
}
