import type { Pool } from '../../db/pool.js';

/**
 * `count` active participants of one agency, registered an hour ago, written straight to the
 * database (a fixture for scale tests and benchmarks). Their emails are `mass.<tag>.<i>@agency.example`, i = 1..count.
 */
export async function insertActiveParticipants(pool: Pool, count: number, tag: string): Promise<(i: number) => string> {
  const {
    rows: [agency],
  } = await pool.query(`INSERT INTO agencies (legal_name) VALUES ($1) RETURNING id`, [`ООО Массовое ${tag}`]);
  // With their balance rows, as insertParticipant writes them (every participant has one).
  await pool.query(
    `WITH inserted AS (
       INSERT INTO participants (id, workflow_id, email, email_normalized, first_name, last_name, agency_id, contract_path, status, registered_at)
       SELECT gen_random_uuid(), 'fixture', e, e, 'Анна', 'Тест' || i, $2, 'agent', 'active', now() - interval '1 hour'
         FROM generate_series(1, $1::int) i, LATERAL (SELECT 'mass.' || $3 || '.' || i || '@agency.example' AS e) x
       RETURNING id)
     INSERT INTO balances (participant_id) SELECT id FROM inserted`,
    [count, agency.id, tag],
  );
  return (i: number) => `mass.${tag}.${i}@agency.example`;
}
