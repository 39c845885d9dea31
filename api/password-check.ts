/**
 * A password check that does not tell whether the account exists, for staff and participants alike.
 *
 * A real account's password is checked with argon2 (infra/secrets.ts), which is slow on purpose. An
 * unknown, disabled or inactive account is not hashed at all: the caller waits as long as a real
 * check takes instead (the moving average of recent real checks, with the same kind of spread), so
 * the answer's timing does not reveal the account, and a stream of made-up logins costs the server a
 * timer rather than argon2's CPU and memory. Real checks are themselves bounded by the per-account
 * limits (AUTH_FAILURE_LIMIT per account per window), so the expensive work an attacker can cause is
 * bounded by the number of accounts, not by the number of guesses.
 *
 * To know the cost before any real check was timed, the process times one argon2 check against a
 * throwaway hash when this module loads (as the dummy hash it replaces was made at load).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { hashPassword, randomToken, verifyPassword } from '../infra/secrets.js';

let averageMs: number | null = null;
const remember = (ms: number) => {
  averageMs = averageMs === null ? ms : averageMs * 0.8 + ms * 0.2;
};

let calibration: Promise<void> | null = null;
/** Times one real argon2 check, once per process. */
function calibrate(): Promise<void> {
  calibration ??= (async () => {
    const throwaway = await hashPassword(randomToken());
    const started = performance.now();
    await verifyPassword(throwaway, randomToken());
    remember(performance.now() - started);
  })();
  return calibration;
}
void calibrate().catch(() => {});

/** True when `passwordHash` is an account's hash and the password matches; false, as slowly, otherwise. */
export async function checkPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (passwordHash) {
    const started = performance.now();
    const ok = await verifyPassword(passwordHash, password);
    remember(performance.now() - started);
    return ok;
  }
  if (averageMs === null) await calibrate();
  // ±15 %: real checks vary with the machine's load too.
  await sleep(averageMs! * (0.85 + Math.random() * 0.3));
  return false;
}
