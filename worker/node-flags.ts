/**
 * The Node flags a worker process starts with: `npm run worker`, docker-compose's `worker` service, and the
 * worker processes the benchmarks and the crash tests start (a unit test keeps the first two equal to this).
 *
 * `--max-semi-space-size=2`: V8's young generation at 2 MB a semi-space instead of its default of 16 MB on
 * 64-bit. Every workflow task leaves short-lived objects on both of the worker's threads (its main thread
 * decodes and forwards activations, the workflow thread runs them); with 16 MB semi-spaces tens of MB of
 * them stay resident and are promoted, and the worker's memory grew with the workflows it had taken. A
 * flag of the whole process, read when V8 makes each isolate, so it has to be on the command line: the
 * main thread's heap is made before any of the worker's code runs (docs/benchmarks.md, Footprint).
 */
export const workerNodeFlags = ['--max-semi-space-size=2'];
