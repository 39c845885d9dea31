/**
 * The one line every benchmark prints last, for `npm run bench` (bench/run.ts) to collect:
 *
 *   BENCH_RESULT {"bench":"registrations","size":{"n":1000,"concurrency":32},"figures":[…]}
 *
 * One line of JSON after the marker `BENCH_RESULT ` (nothing else on that line), printed by
 * `printResult` once the run's figures are known. Each figure is the system's value beside the
 * reference measured on the same servers in the same run (when the benchmark has one); the ratio is
 * computed here, so every benchmark reads it the same way: the system's share of the reference,
 * 1 = as good as the reference (for a rate: system / reference; for a time or latency: reference /
 * system). A benchmark's human-readable lines stay as they are; this line is for machines.
 */

export const RESULT_MARKER = 'BENCH_RESULT ';

export interface BenchFigure {
  /** What was measured, as the table shows it: "registrations through the API (201)". */
  name: string;
  value: number;
  /** "/s", "ms", "s", "MB", "rows/s", "credits/s", "bytes", … */
  unit: string;
  /** Whether a higher value is better (rates) or a lower one (times, latencies, memory). */
  better: 'higher' | 'lower';
  /** The reference of the same run, in the same unit: "bare workflow starts", "raw INSERT … SELECT". */
  reference?: { name: string; value: number } | null;
  /** The target for this figure, as text: "≥ 50% of the reference", "< 500 MB". */
  target?: string;
}

export interface BenchResult {
  /** The benchmark's name: the file name without .ts ("registrations", "crediting", "footprint"). */
  bench: string;
  /** The sizes it ran at: { n: 1000, concurrency: 32 }. */
  size: Record<string, number>;
  figures: BenchFigure[];
  /** Anything the table should say beside the figures (a finding, a failed check). */
  notes?: string[];
  /** False when a check of the run failed (lost work, an error count above zero, a broken invariant). */
  ok?: boolean;
}

/** The system's share of the reference (1 = as good), or null without a usable reference. */
export function ratio(f: BenchFigure): number | null {
  const ref = f.reference?.value;
  if (ref === undefined || ref === null || !Number.isFinite(ref) || !Number.isFinite(f.value) || ref <= 0 || f.value <= 0) return null;
  return f.better === 'higher' ? f.value / ref : ref / f.value;
}

/** Prints the BENCH_RESULT line (call it once, at the end of a run). */
export function printResult(result: BenchResult): void {
  // Never more than one physical line, whatever the names hold.
  console.log(`${RESULT_MARKER}${JSON.stringify(result)}`);
}

/** The last BENCH_RESULT line of a benchmark's output, parsed; null when there is none (or it is not valid). */
export function parseResult(output: string): BenchResult | null {
  const lines = output.split('\n').filter((l) => l.startsWith(RESULT_MARKER));
  const last = lines.at(-1);
  if (!last) return null;
  try {
    const parsed = JSON.parse(last.slice(RESULT_MARKER.length)) as BenchResult;
    return typeof parsed.bench === 'string' && Array.isArray(parsed.figures) ? parsed : null;
  } catch {
    return null;
  }
}

/** A figure rounded for the table: 3 significant digits, thousands separated. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `${value}`;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return `${text} ${unit}`;
}

/** Megabytes (10^6 bytes would mislead beside the OS's figures: MiB, as `ps` and /proc count). */
export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
