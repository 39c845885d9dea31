import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import type { Pool } from '../infra/db.js';

/** What the API's routes work with. */
export interface ApiDeps {
  pool: Pool;
  temporal: Client;
  config: Config;
}
