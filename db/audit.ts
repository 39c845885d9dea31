import type { Db } from '../infra/db.js';

export interface Actor {
  type: 'staff' | 'api_client' | 'system';
  id: string | null;
  label: string;
}

export const systemActor: Actor = { type: 'system', id: null, label: 'system' };

export async function writeAudit(
  db: Db,
  actor: Actor,
  action: string,
  subject: { type: string; id: string },
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_type, actor_id, actor_label, action, subject_type, subject_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [actor.type, actor.id, actor.label, action, subject.type, subject.id, details],
  );
}
