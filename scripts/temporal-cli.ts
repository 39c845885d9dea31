// Prints the path of the Temporal CLI, building it first if this machine has none
// (see infra/temporal-cli.ts). `.ci/run` calls it to prebuild; progress goes to stderr, the path to stdout.
import { resolveTemporalCli } from '../infra/temporal-cli.js';

try {
  console.log(await resolveTemporalCli());
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
