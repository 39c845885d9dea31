/**
 * `npm run admin -- <command>`: operator commands against DATABASE_URL, for a deployment where
 * `npm start`'s first-run set-up does not run (docker compose: `docker compose run --rm api npm run admin -- …`).
 * Without DATABASE_URL it uses the embedded PostgreSQL of an `npm start` running from this folder
 * (.data/postgres), checked to be that very server.
 *
 *   create-staff <email> <name> <support|manager|admin>   a staff user with a random password, printed once
 *   create-api-key <client name> [--scopes a,b]   a new API client and its key, printed once (only its hash is kept);
 *                                                 scopes from rules/api-scopes.ts, every scope unless told
 *   reset-second-factor <email>                   removes a staff member's authenticator (the only admin lost theirs)
 *   check-ledger                                  the ledger invariant over all participants; exit 1 if broken
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../db/api-keys.js';
import { writeAudit, systemActor } from '../db/audit.js';
import { ledgerInvariant } from '../db/ledger.js';
import { activeStaffByEmail, createStaffUser, removeSecondFactor } from '../db/staff.js';
import { createPool, inTransaction } from '../db/pool.js';
import { runningEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { API_SCOPES, isApiScope } from '../rules/api-scopes.js';
import { isValidEmail } from '../rules/email.js';
import { STAFF_ROLES, isStaffRole, type StaffRole } from '../rules/staff-roles.js';

const usage = `usage: npm run admin -- create-staff <email> <name> <support|manager|admin>
       npm run admin -- create-api-key <client name> [--scopes ${API_SCOPES.join(',')}]
       npm run admin -- reset-second-factor <email>
       npm run admin -- check-ledger`;

const [command, ...args] = process.argv.slice(2);
const localDataDir = fileURLToPath(new URL('../.data/postgres', import.meta.url));
const databaseUrl = process.env.DATABASE_URL || (await runningEmbeddedPostgres(localDataDir))?.databaseUrl;
if (!databaseUrl) {
  console.error(
    `DATABASE_URL is not set, and no npm start runs its PostgreSQL in ${localDataDir}: set DATABASE_URL, or start npm start first`,
  );
  process.exit(2);
}
if (!process.env.DATABASE_URL) console.error(`using the database of the running npm start (${localDataDir})`);
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
    if (!isStaffRole(role)) fail(`create-staff: the role is one of ${STAFF_ROLES.join(', ')}`);
    const password = randomBytes(12).toString('base64url');
    const staff = await createStaffUser(pool, { email, name, role: role as StaffRole, password });
    await writeAudit(pool, systemActor, 'staff.create', { type: 'staff', id: staff.id }, { email: staff.email, role, by: 'npm run admin' });
    console.log(`staff user ${staff.email} (${role}) created; password (shown once): ${password}`);
  } else if (command === 'create-api-key') {
    // `--scopes a,b` (or `--scopes=a,b`) anywhere; the other words are the name.
    const at = args.findIndex((a) => a === '--scopes' || a.startsWith('--scopes='));
    const inline = at >= 0 && args[at].startsWith('--scopes=');
    const listed = at < 0 ? undefined : inline ? args[at].slice('--scopes='.length) : (args[at + 1] ?? '');
    const words = at < 0 ? args : [...args.slice(0, at), ...args.slice(at + (inline ? 1 : 2))];
    const scopes =
      listed === undefined
        ? [...API_SCOPES]
        : listed
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    const unknown = scopes.filter((s) => !isApiScope(s));
    if (unknown.length) fail(`create-api-key: unknown scope ${unknown.join(', ')}; the scopes are ${API_SCOPES.join(', ')}`);
    if (scopes.length === 0) fail('create-api-key: name at least one scope');
    const name = words.join(' ').trim();
    if (!name) fail('create-api-key: give the client name');
    const { client, apiKey, key } = await inTransaction(pool, async (tx) => {
      const created = await createApiKey(tx, name, scopes.filter(isApiScope));
      await writeAudit(
        tx,
        systemActor,
        'api_client.create',
        { type: 'api_client', id: created.client.id },
        {
          name,
          scopes: created.client.scopes,
          keyId: created.apiKey.id,
          keyPrefix: created.apiKey.key_prefix,
          by: 'npm run admin',
        },
      );
      return created;
    });
    console.log(`API client "${client.name}" (scopes: ${client.scopes.join(', ')}); key ${apiKey.key_prefix}… (shown once): ${key}`);
  } else if (command === 'reset-second-factor') {
    // The console's reset needs another admin; this is the way back in when there is none.
    const [email] = args;
    if (!email) fail('reset-second-factor: give the staff email');
    const staff = await activeStaffByEmail(pool, email.toLowerCase());
    if (!staff) fail(`reset-second-factor: no active staff member ${email}`);
    const removed = await removeSecondFactor(pool, staff!.id);
    if (removed)
      await writeAudit(pool, systemActor, 'staff.second_factor_reset', { type: 'staff', id: staff!.id }, { by: 'npm run admin' });
    console.log(
      removed
        ? `the second factor of ${email} is removed; they sign in with the password and enrol again`
        : `${email} had no second factor`,
    );
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
