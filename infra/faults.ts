/**
 * Named crash points for the crash tests: when BONUS_CRASH_AT names this point, the process dies
 * here with SIGKILL, exactly as a machine failure would kill it. Unset in every real deployment.
 */
export function crashPoint(name: string): void {
  if (process.env.BONUS_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
