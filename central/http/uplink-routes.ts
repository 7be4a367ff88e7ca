import { UplinkBatch, UplinkHighWater } from '../../contract/central/uplink.ts';
import { highWaterOf, ingestBatch } from '../ingest/ingest.ts';
import { route, type RouteDef, type RouteDeps } from './route.ts';

/** The centre's side of the hall uplink (contract/central/uplink.ts). */
export function uplinkRoutes(deps: RouteDeps): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/uplink/v1/high-water',
      access: 'hall',
      summary: "The hall's high-water mark: where its uplink resumes",
      handler: async ({ hall }) => UplinkHighWater.parse(await highWaterOf(deps.pool, hall!.code)),
    }),
    route({
      method: 'post',
      path: '/api/uplink/v1/events',
      access: 'hall',
      summary: 'A batch of the hall’s events, stored by (hall, seq) idempotently and projected',
      body: UplinkBatch,
      handler: async ({ hall, body }) => ingestBatch(deps, hall!.code, body),
    }),
  ];
}
