/**
 * The Node flags a worker process starts with: `npm run worker`, docker-compose's `worker` service, and the
 * worker processes the benchmarks and the crash tests start (`tsxNodeArguments`). A unit test keeps the
 * first two equal to this.
 * V8 reads them when it makes each isolate, so they have to be on the command line: the main thread's
 * heap is made before any of the worker's code runs (`--heap-growing-percent` is not even allowed in
 * NODE_OPTIONS). Both of the worker's threads take them: the main thread, which decodes and forwards every
 * activation and runs the activities, and the SDK's workflow thread (docs/benchmarks.md, Footprint).
 *
 * - `--max-semi-space-size=2`: a young generation of 2 MB a semi-space instead of V8's 16 MB on 64-bit.
 *   Every workflow task leaves short-lived objects behind; with 16 MB semi-spaces tens of MB of them
 *   stayed resident. At 8,000 new workflows the worker's peak went from 532–646 MB to 459–467 MB.
 * - `--heap-growing-percent=20`: after each full collection the old generation may grow by a fifth before
 *   the next, instead of V8's dynamic factor of up to four. Under a stream of first tasks the main
 *   thread's heap swung between 50 and 170 MB, and the worker held 505–518 MB from 20,000 to 100,000 new
 *   workflows; with it, 360–367 MB from 34,000 to 100,000, at the same rate of first tasks, and crediting
 *   as fast as without.
 */
export const workerNodeFlags = ['--max-semi-space-size=2', '--heap-growing-percent=20'];

/**
 * Node's arguments that run one of the project's entry points from the repository root, as the spawned
 * processes of the benchmarks and tests do: through tsx, and the worker (`worker/main.ts`) with its flags.
 */
export const tsxNodeArguments = (entry: string): string[] => [
  ...(entry === 'worker/main.ts' ? workerNodeFlags : []),
  '--import',
  'tsx',
  entry,
];
