import { z } from 'zod';
import { HallEvent } from '../events.ts';

/**
 * The central platform's REST API (central/http/): sign-in, regions, halls, hall tokens, divergence
 * resolution, the audit log and the event feed. Statistics are in stats.ts, the uplink in uplink.ts.
 */

export const RegionLevel = z.enum(['province', 'prefecture', 'county', 'township', 'village']);
export type RegionLevel = z.infer<typeof RegionLevel>;

export const HallKind = z.enum(['county_centre', 'township_centre', 'village_station']);
export type HallKind = z.infer<typeof HallKind>;

/** admin sees everything; a supervisor sees the subtree of the region they are bound to. */
export const CentralRole = z.enum(['admin', 'province', 'prefecture', 'county']);
export type CentralRole = z.infer<typeof CentralRole>;

export const RegionCode = z.string().regex(/^\d{6}(\d{6})?$/, 'expected a 6- or 12-digit 行政区划代码');
export const HallCode = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected a hall code of letters, digits, - or _');

export const CentralLoginBody = z.strictObject({
  username: z.string().trim().min(1).max(32),
  password: z.string().min(1).max(200),
});
export type CentralLoginBody = z.infer<typeof CentralLoginBody>;

export const RegionView = z.object({
  code: z.string(),
  name: z.string(),
  level: RegionLevel,
  parent: z.string().nullable(),
  /** Codes from the root down to this region, itself last. */
  path: z.array(z.string()),
});
export type RegionView = z.infer<typeof RegionView>;

export const CentralMe = z.object({
  username: z.string(),
  displayName: z.string(),
  role: CentralRole,
  /** The region the user supervises; null for an admin (every region). */
  region: RegionView.nullable(),
});
export type CentralMe = z.infer<typeof CentralMe>;

export const RegionList = z.object({ regions: z.array(RegionView) });
export type RegionList = z.infer<typeof RegionList>;

export const CreateRegionBody = z.strictObject({
  code: RegionCode,
  name: z.string().trim().min(1).max(40),
  level: RegionLevel,
  parent: RegionCode.nullable(),
});
export type CreateRegionBody = z.infer<typeof CreateRegionBody>;

export const HallView = z.object({
  code: z.string(),
  name: z.string(),
  kind: HallKind,
  region: z.string(),
  regionPath: z.array(z.string()),
  highWater: z.number().int(),
  epoch: z.string().nullable(),
  diverged: z.boolean(),
  /** False once the token is revoked (the hall cannot post until an admin issues a new one). */
  tokenActive: z.boolean(),
  lastContactAt: z.string().nullable(),
});
export type HallView = z.infer<typeof HallView>;

export const HallList = z.object({ halls: z.array(HallView) });
export type HallList = z.infer<typeof HallList>;

export const RegisterHallBody = z.strictObject({
  code: HallCode,
  name: z.string().trim().min(1).max(60),
  kind: HallKind,
  region: RegionCode,
});
export type RegisterHallBody = z.infer<typeof RegisterHallBody>;

/** A new hall token, shown once: the centre keeps only its hash. */
export const HallTokenIssued = z.object({ hall: z.string(), token: z.string() });
export type HallTokenIssued = z.infer<typeof HallTokenIssued>;

export const CatalogEntry = z.object({ entity: z.string(), code: z.string(), retired: z.boolean(), value: z.record(z.string(), z.unknown()) });
export const HallCatalog = z.object({ hall: z.string(), entries: z.array(CatalogEntry) });
export type HallCatalog = z.infer<typeof HallCatalog>;

/**
 * How an admin resolves a divergence. `accept_new_history`: the centre archives the events it holds
 * from the diverging seq on (central_events_archive), winds the hall's high-water mark back to the seq
 * before it, takes the offered epoch, rebuilds the hall's projections from what remains and lets the
 * hall post again from there (its uplink resumes from the new high-water mark).
 */
export const ResolveDivergenceBody = z.strictObject({
  action: z.literal('accept_new_history'),
  note: z.string().trim().min(1).max(200).optional(),
});
export type ResolveDivergenceBody = z.infer<typeof ResolveDivergenceBody>;

export const DivergenceView = z.object({
  id: z.number().int(),
  hall: z.string(),
  seq: z.number().int(),
  heldEpoch: z.string().nullable(),
  offeredEpoch: z.string(),
  raisedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type DivergenceView = z.infer<typeof DivergenceView>;

export const ResolveDivergenceResult = z.object({
  divergence: DivergenceView,
  archived: z.number().int(),
  highWater: z.number().int(),
});
export type ResolveDivergenceResult = z.infer<typeof ResolveDivergenceResult>;

export const DivergenceList = z.object({ divergences: z.array(DivergenceView) });

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export const AuditList = z.object({ entries: z.array(AuditEntry) });
export type AuditList = z.infer<typeof AuditList>;

export const AuditQuery = z.strictObject({
  action: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** One ingested event with its global feed position (GET /api/feed, and the in-process bus). */
export const FeedEvent = z.object({ feedSeq: z.number().int(), event: HallEvent });
export type FeedEvent = z.infer<typeof FeedEvent>;

export const FeedQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const FeedResponse = z.object({
  events: z.array(FeedEvent),
  /** The last feed_seq returned (or `after` when none): ask again from here. */
  last: z.number().int(),
});
export type FeedResponse = z.infer<typeof FeedResponse>;

export const CentralHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.number().int(),
  instance: z.string(),
});
export type CentralHealth = z.infer<typeof CentralHealth>;

/** A hall's live state for supervision (GET /api/halls?live=true, GET /api/halls/:code). */
export const HallOverview = HallView.extend({
  /** The hall's uplink was heard from in the last 2 minutes. */
  online: z.boolean(),
  waiting: z.number().int(),
  longestWaitMinutes: z.number(),
  openWindows: z.number().int(),
  pausedWindows: z.number().int(),
  /** 差评 cases not yet contacted, and those of them past their due time. */
  badCasesOpen: z.number().int(),
  badCasesOverdue: z.number().int(),
  devicesInFault: z.number().int(),
});
export type HallOverview = z.infer<typeof HallOverview>;
export const HallOverviewList = z.object({ halls: z.array(HallOverview) });

export const HallWindowView = z.object({
  number: z.number().int(),
  name: z.string().nullable(),
  status: z.string(),
  staffBadge: z.string().nullable(),
  pauseReason: z.string().nullable(),
  updatedAt: z.string(),
});
export const HallDetail = z.object({ hall: HallOverview, windows: z.array(HallWindowView) });
export type HallDetail = z.infer<typeof HallDetail>;

export const CentralUserView = z.object({
  username: z.string(),
  displayName: z.string(),
  role: CentralRole,
  region: z.string().nullable(),
  regionPath: z.array(z.string()).nullable(),
  disabled: z.boolean(),
});
export type CentralUserView = z.infer<typeof CentralUserView>;
export const CentralUserList = z.object({ users: z.array(CentralUserView) });

/** POST /api/admin/users: a supervisor bound to a region of its role's level, or an admin (region null). */
export const CreateCentralUserBody = z.strictObject({
  username: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'expected 2–32 lower-case letters, digits, - or _, starting with a letter'),
  displayName: z.string().trim().min(1).max(40),
  role: CentralRole,
  region: RegionCode.nullable(),
  password: z.string().min(1).max(128),
});
export type CreateCentralUserBody = z.infer<typeof CreateCentralUserBody>;
