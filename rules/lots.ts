/**
 * R20: points are spent oldest lot first. Given a participant's open lots in accrual order, which
 * lots a debit of `amount` takes from; null when they do not hold enough.
 */
export interface OpenLot {
  id: number;
  remaining: number;
}

export interface Take {
  lotId: number;
  amount: number;
}

export function takeOldestFirst(lots: OpenLot[], amount: number): Take[] | null {
  if (!Number.isInteger(amount) || amount <= 0) throw new RangeError(`a debit must be a positive whole number, not ${amount}`);
  const takes: Take[] = [];
  let left = amount;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) takes.push({ lotId: lot.id, amount: take });
    left -= take;
  }
  return left === 0 ? takes : null;
}
