// What test/global-setup.ts provides to every test file through `inject(...)`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the run's Temporal dev server (headless, in memory). */
    temporalAddress: string;
    /** The run's fresh PostgreSQL database, schema migrated; dropped at teardown. */
    databaseUrl: string;
    /** The workflow bundle (workflows/index.ts) built once: `Worker.create({ workflowBundle: { codePath } })`. */
    workflowBundlePath: string;
  }
}
