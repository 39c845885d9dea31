/**
 * `npm run admin -- <command>`: operator commands against DATABASE_URL, for a deployment where
 * `npm start`'s first-run set-up does not run (docker compose: `docker compose run --rm api npm run admin -- …`).
 *
 *   create-staff <email> <name> <support|admin>   a staff user with a random password, printed once
 *   create-api-key <client name>                  an API key for a client, printed once (only its hash is kept)
 *   check-ledger                                  the ledger invariant over all participants; exit 1 if broken
 */
import { randomBytes } from 'node:crypto';
import { createApiKey } from '../db/api-keys.js';
import { writeAudit, systemActor } from '../db/audit.js';
import { ledgerInvariant } from '../db/ledger.js';
import { createStaffUser } from '../db/staff.js';
import { createPool } from '../infra/db.js';
import { isValidEmail } from '../rules/email.js';

const usage = `usage: npm run admin -- create-staff <email> <name> <support|admin>
       npm run admin -- create-api-key <client name>
       npm run admin -- check-ledger`;

const [command, ...args] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const pool = createPool(databaseUrl, 2);
const fail = (message: string): never => {
  console.error(`${message}\n${usage}`);
  process.exit(2);
};

try {
  if (command === 'create-staff') {
    const [email, name, role] = args;
    if (!email || !isValidEmail(email)) fail('create-staff: give a valid email');
    if (!name) fail('create-staff: give a name');
    if (role !== 'support' && role !== 'admin') fail('create-staff: the role is support or admin');
    const password = randomBytes(12).toString('base64url');
    const staff = await createStaffUser(pool, { email, name, role: role as 'support' | 'admin', password });
    await writeAudit(pool, systemActor, 'staff.create', { type: 'staff', id: staff.id }, { email: staff.email, role, by: 'npm run admin' });
    console.log(`staff user ${staff.email} (${role}) created; password (shown once): ${password}`);
  } else if (command === 'create-api-key') {
    const name = args.join(' ').trim();
    if (!name) fail('create-api-key: give the client name');
    const { client, key } = await createApiKey(pool, name);
    await writeAudit(pool, systemActor, 'api_key.create', { type: 'api_client', id: client.id }, { name, by: 'npm run admin' });
    console.log(`API key for "${name}" (shown once): ${key}`);
  } else if (command === 'check-ledger') {
    const invariant = await ledgerInvariant(pool);
    console.log(JSON.stringify(invariant, null, 2));
    console.log(invariant.holds ? 'the ledger invariant holds' : 'THE LEDGER INVARIANT IS BROKEN');
    process.exitCode = invariant.holds ? 0 : 1;
  } else {
    fail(command ? `unknown command ${command}` : 'no command');
  }
} finally {
  await pool.end();
}
