import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import type { Pool } from '../db/pool.js';
import type { Mailer } from '../infra/mailer.js';

/** What the API's routes work with. */
export interface ApiDeps {
  pool: Pool;
  temporal: Client;
  config: Config;
  /** Mail the API sends itself (sign-in codes, reset links); workflows mail through their activities. */
  mailer: Mailer;
}
