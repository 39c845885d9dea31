/**
 * `npm run bench`: every benchmark at a small size, one after another (each starts its own servers),
 * then one table of each figure beside the reference measured in the same run and their ratio, in
 * bench/results/latest.md and bench/results/latest.json (with each benchmark's whole output beside
 * them, bench/results/<name>.log).
 *
 * Each benchmark runs as a child process (`node --import tsx bench/<name>.ts`) with its sizes in the
 * environment, and says its figures in its last `BENCH_RESULT {…}` line (bench/report.ts). A benchmark
 * that prints none, fails or runs past BENCH_TIMEOUT_SECONDS (900) is listed as such, and the rest go
 * on. BENCH_ONLY (a comma list, e.g. `registrations,footprint`) runs only those; the soak runs only
 * when named there (it is a stability run, not a ratio: `npm run soak` runs it at full length).
 *
 * A figure here is never an assertion: machines are noisy. The full-size runs are the `bench:*` scripts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatValue, parseResult, ratio, type BenchResult } from './report.js';
import { intArg, say } from './system.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(repo, 'bench', 'results');

/** The small sizes: each finishes in well under a minute of work past its servers' start. */
const benches: Array<{ name: string; env: Record<string, string>; optIn?: boolean }> = [
  { name: 'registrations', env: { BENCH_SIZES: '300', BENCH_N: '300', BENCH_CONCURRENCY: '32' } },
  { name: 'crediting', env: { BENCH_SIZES: '2000', BENCH_N: '2000' } },
  { name: 'expiry', env: { BENCH_SIZES: '20000', BENCH_LOTS: '20000' } },
  { name: 'partners', env: { BENCH_N: '10000', BENCH_PARTICIPANTS: '2000', BENCH_CALL_ROWS: '2000', BENCH_PENDING_MS: '5000' } },
  { name: 'reads', env: { BENCH_SIZES: '10000', BENCH_READS: '100', BENCH_READ_SECONDS: '5' } },
  { name: 'footprint', env: { BENCH_N: '1000', BENCH_REGISTERED: '3' } },
  { name: 'soak', env: { SOAK_MINUTES: '1', SOAK_SAMPLE_SECONDS: '20' }, optIn: true },
];

const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = only.filter((n) => !benches.some((b) => b.name === n));
if (unknown.length) throw new Error(`BENCH_ONLY: no benchmark ${unknown.join(', ')}; there are ${benches.map((b) => b.name).join(', ')}`);
const chosen = benches.filter((b) => (only.length ? only.includes(b.name) : !b.optIn));
const timeoutSeconds = intArg('BENCH_TIMEOUT_SECONDS', 900);

interface Run {
  bench: string;
  env: Record<string, string>;
  seconds: number;
  exit: number | string | null;
  result: BenchResult | null;
  /** Why there is no result, or what failed. */
  problem?: string;
  log: string;
}

async function runOne(name: string, env: Record<string, string>): Promise<Run> {
  const log = join(resultsDir, `${name}.log`);
  const t0 = performance.now();
  say(
    `${name}: ${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  // Past the timeout: SIGTERM (the bench stops its servers), then SIGKILL.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
  }, timeoutSeconds * 1000);
  const exit = await new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  clearTimeout(timer);
  writeFileSync(log, output);
  const seconds = (performance.now() - t0) / 1000;
  const result = parseResult(output);
  const tail = output.trim().split('\n').slice(-5).join(' | ').slice(0, 500);
  const problem = timedOut
    ? `stopped after ${timeoutSeconds} s (BENCH_TIMEOUT_SECONDS)`
    : !result
      ? `no BENCH_RESULT line (exit ${exit}); last lines: ${tail}`
      : exit !== 0
        ? `exit ${exit}`
        : result.ok === false
          ? 'a check of the run failed (ok: false)'
          : undefined;
  say(`${name}: ${seconds.toFixed(0)} s, ${result ? `${result.figures.length} figures` : 'no result'}${problem ? `; ${problem}` : ''}`);
  return { bench: name, env, seconds, exit, result, ...(problem ? { problem } : {}), log: `bench/results/${name}.log` };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(runs: Run[], machine: Record<string, unknown>, at: string): string {
  const lines = [
    `# Benchmarks, small sizes (\`npm run bench\`)`,
    '',
    `${at}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage} at the start.`,
    'Ratio: the system’s share of the reference of the same run (1 = as good; for times, reference / system).',
    '',
    '| benchmark | size | figure | value | reference | ratio | target |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const run of runs) {
    const size = run.result
      ? Object.entries(run.result.size)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')
      : '';
    if (!run.result || run.result.figures.length === 0) {
      lines.push(`| ${run.bench} | ${cell(size)} | — | ${cell(run.problem ?? 'no figures')} | | | |`);
      continue;
    }
    for (const f of run.result.figures) {
      const r = ratio(f);
      lines.push(
        `| ${run.bench} | ${cell(size)} | ${cell(f.name)} | ${formatValue(f.value, f.unit)} | ${f.reference ? `${cell(f.reference.name)}: ${formatValue(f.reference.value, f.unit)}` : ''} | ${r === null ? '' : `${Math.round(r * 100)}%`} | ${cell(f.target ?? '')} |`,
      );
    }
  }
  const notes = runs.flatMap((r) => [
    ...(r.problem ? [`- **${r.bench}**: ${r.problem}`] : []),
    ...(r.result?.notes ?? []).map((n) => `- ${r.bench}: ${n}`),
  ]);
  if (notes.length) lines.push('', '## Notes', '', ...notes.map(cell));
  lines.push(
    '',
    `Each benchmark's output: \`bench/results/<name>.log\`. Times: ${runs.map((r) => `${r.bench} ${r.seconds.toFixed(0)} s`).join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}

mkdirSync(resultsDir, { recursive: true });
const at = new Date().toISOString();
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  node: process.versions.node,
  loadAverage: loadavg()
    .map((l) => l.toFixed(1))
    .join(' '),
};
const started = performance.now();
const runs: Run[] = [];
for (const b of chosen) runs.push(await runOne(b.name, b.env));
const json = { at, machine, seconds: Math.round((performance.now() - started) / 1000), runs };
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
const md = markdown(runs, machine, at);
writeFileSync(join(resultsDir, 'latest.md'), md);
console.log('');
console.log(md);
say(`written bench/results/latest.md and latest.json in ${json.seconds} s`);
process.exitCode = runs.every((r) => r.result && !r.problem) ? 0 : 1;
