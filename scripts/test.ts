/**
 * `npm test`: the console build, then the whole vitest suite beside the static checks.
 *
 *   1. `vite build` of the console (a few seconds): the browser tests load it, so it comes first.
 *   2. At the same time:
 *        vitest run                        (arguments after `npm test --` go to vitest)
 *        tsc --noEmit (server, console)    the native compiler, ~2 CPU-seconds
 *        eslint --cache                    typed lint; unchanged files are not linted again
 *        prettier --check --cache          unchanged files are not read again
 *      The checks run at the lowest CPU priority (nice 19): the tests wait on real timers most of
 *      the time and the checks use those gaps, while a test that measures time (the console's first
 *      screen within two seconds) keeps the CPU when it needs it. On a fresh clone (no lint or format
 *      cache: about 45 CPU-seconds of checks) nice 10 still took a tenth of a busy processor from the
 *      tests: 187–192 s against 178–180 s at nice 19, the checks done before vitest either way.
 *
 * Each check's output is printed, in one block, when it ends (not inside vitest's); the exit code
 * is 1 if the build, vitest or any check failed, and the last lines say which.
 *
 * The caches live in node_modules/.cache (ignored by git, gone with a fresh `npm ci`), keyed on
 * each file's content: a fresh clone checks every file. ESLint's cache knows only a file's own
 * content: a typed rule's finding that depends on another file's types is seen again once the file
 * itself changes (or with `npm run lint`, which has no cache).
 */
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => `node_modules/.bin/${name}`;
const node = process.execPath;
const tsc = 'node_modules/typescript-native/bin/tsc';
const cache = 'node_modules/.cache';
// As under `npm run`: the project's node (the `node` devDependency) and tools first on PATH, also when
// this file is run directly (`node --import tsx scripts/test.ts`).
const env = { ...process.env, PATH: `${repo}node_modules/.bin${delimiter}${process.env.PATH ?? ''}` };

interface Step {
  name: string;
  command: string[];
  /** Lower CPU priority and output kept until the step ends. */
  background?: boolean;
}

const build: Step = { name: 'build:console', command: [bin('vite'), 'build', '--config', 'admin-ui/vite.config.ts', '--logLevel', 'warn'] };
const vitest: Step = { name: 'vitest', command: [bin('vitest'), 'run', ...process.argv.slice(2)] };
const checks: Step[] = [
  { name: 'typecheck', command: [node, tsc, '--noEmit'], background: true },
  { name: 'typecheck (console)', command: [node, tsc, '--noEmit', '-p', 'admin-ui'], background: true },
  {
    name: 'lint',
    command: [bin('eslint'), '.', '--cache', '--cache-strategy', 'content', '--cache-location', `${cache}/eslint/`],
    background: true,
  },
  {
    name: 'format:check',
    command: [
      bin('prettier'),
      '--check',
      '.',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      `${cache}/prettier-check/cache.json`,
    ],
    background: true,
  },
];

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
}

function run(step: Step): Promise<Outcome> {
  const started = Date.now();
  const [command, ...args] = step.background ? ['nice', '-n', '19', ...step.command] : step.command;
  const child = spawn(command, args, { cwd: repo, env, stdio: step.background ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    const end = (ok: boolean, why = '') => {
      const seconds = (Date.now() - started) / 1000;
      if (step.background) {
        const text = Buffer.concat(output).toString('utf8').trimEnd();
        process.stdout.write(`\n[${step.name}] ${ok ? 'passed' : `FAILED${why}`} in ${seconds.toFixed(1)} s${text ? `:\n${text}` : ''}\n`);
      }
      resolve({ name: step.name, ok, seconds });
    };
    child.once('error', (err) => end(false, ` (${err.message})`));
    child.once('close', (code, signal) => end(code === 0, signal ? ` (${signal})` : ` (exit code ${code})`));
  });
}

const started = Date.now();
const outcomes: Outcome[] = [await run(build)];
if (!outcomes[0].ok) {
  console.error('\nnpm test: the console build failed; nothing else was run');
  process.exit(1);
}
outcomes.push(...(await Promise.all([run(vitest), ...checks.map(run)])));

const failed = outcomes.filter((o) => !o.ok).map((o) => o.name);
const times = outcomes.map((o) => `${o.name} ${o.seconds.toFixed(0)} s`).join(', ');
console.log(
  `\nnpm test: ${failed.length ? `FAILED: ${failed.join(', ')}` : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s (${times})`,
);
process.exit(failed.length ? 1 : 0);
