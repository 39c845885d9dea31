// What test/global-setup.ts provides to every test file through `inject(...)`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the run's Temporal dev server (headless, in memory). */
    temporalAddress: string;
    /** The PostgreSQL server's maintenance database, from which the test files' databases are created and dropped. */
    databaseAdminUrl: string;
    /**
     * The run's migrated template database, dropped at teardown. Never connect to it (a connection
     * stops every copy): each test file works in a copy of its own (test/support/file-resources.ts).
     */
    templateDatabase: string;
    /** The workflow bundle (workflows/index.ts) built once: `Worker.create({ workflowBundle: { codePath } })`. */
    workflowBundlePath: string;
  }
}
