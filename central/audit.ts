import type pg from 'pg';

/** The centre's audit log (central_audit): refused hall tokens, divergences, admin actions, sign-ins. */
export interface AuditInput {
  actor: string;
  action: string;
  target?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown> | null;
}

export async function audit(db: pg.Pool | pg.PoolClient, a: AuditInput): Promise<void> {
  await db.query('INSERT INTO central_audit (actor, action, target, ip, detail) VALUES ($1, $2, $3, $4, $5)', [
    a.actor,
    a.action,
    a.target ?? null,
    a.ip ?? null,
    a.detail ? JSON.stringify(a.detail) : null,
  ]);
}
