import type pg from 'pg';
import type { CentralRole, CentralUserView } from '../../contract/central/api.ts';
import { audit } from '../audit.ts';
import { CentralError, invalid, notFound } from '../errors.ts';
import { pathCodes, regionByCode } from '../regions/store.ts';
import { hashPassword } from './passwords.ts';
import { passwordProblem } from './password-policy.ts';
import { ROLE_LEVEL } from './principal.ts';

/**
 * Central users. A supervisor is bound to one region of the level its role names (a county
 * supervisor to a county, …); an admin to none. Passwords are checked by the policy and stored as
 * scrypt hashes.
 */
export interface NewUser {
  username: string;
  displayName: string;
  role: CentralRole;
  region: string | null;
  password: string;
}

export async function createUser(pool: pg.Pool, u: NewUser, by: string): Promise<CentralUserView> {
  const problem = passwordProblem(u.password, u.username);
  if (problem) throw invalid(problem, { field: 'password' });
  let regionPath: string[] | null = null;
  if (u.role === 'admin') {
    if (u.region !== null) throw invalid('管理员不绑定区域（region 应为 null）。');
  } else {
    if (!u.region) throw invalid('督查员必须绑定一个区域。');
    const region = await regionByCode(pool, u.region);
    if (!region) throw notFound(`区域 ${u.region} `);
    if (region.level !== ROLE_LEVEL[u.role]) throw invalid(`角色 ${u.role} 须绑定${ROLE_LEVEL[u.role]}级区域，${u.region} 是 ${region.level} 级。`);
    regionPath = pathCodes(region.path);
  }
  const hash = await hashPassword(u.password);
  const res = await pool.query(
    `INSERT INTO central_users (username, display_name, role, region, password_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING`,
    [u.username, u.displayName, u.role, u.region, hash],
  );
  if (!res.rowCount) throw new CentralError(409, 'USER_EXISTS', `用户名 ${u.username} 已存在。`);
  await audit(pool, { actor: by, action: 'user.created', target: u.username, detail: { role: u.role, region: u.region } });
  return { username: u.username, displayName: u.displayName, role: u.role, region: u.region, regionPath, disabled: false };
}

export async function listUsers(pool: pg.Pool): Promise<CentralUserView[]> {
  const rows = await pool.query<{ username: string; display_name: string; role: CentralRole; region: string | null; path: string | null; disabled: boolean }>(
    `SELECT u.username, u.display_name, u.role, u.region, r.path, u.disabled FROM central_users u LEFT JOIN central_regions r ON r.code = u.region ORDER BY u.username`,
  );
  return rows.rows.map((r) => ({ username: r.username, displayName: r.display_name, role: r.role, region: r.region, regionPath: r.path ? pathCodes(r.path) : null, disabled: r.disabled }));
}

/** The first admin of a production centre, from CENTRAL_ADMIN_PASSWORD: made only while no admin exists. */
export async function ensureAdmin(pool: pg.Pool, password: string): Promise<boolean> {
  const admins = await pool.query("SELECT 1 FROM central_users WHERE role = 'admin' LIMIT 1");
  if (admins.rowCount) return false;
  await createUser(pool, { username: 'admin', displayName: '平台管理员', role: 'admin', region: null, password }, 'system:start');
  return true;
}
