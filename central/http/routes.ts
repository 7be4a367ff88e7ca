import { adminRoutes } from './admin-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { regionRoutes } from './region-routes.ts';
import type { RouteDef, RouteDeps } from './route.ts';
import { statsRoutes } from './stats-routes.ts';
import { uplinkRoutes } from './uplink-routes.ts';
import { evaluationRoutes } from './evaluation-routes.ts';

/** Every route of the central API, in one list (the auth-matrix test covers each). */
export function centralRoutes(deps: RouteDeps): RouteDef[] {
  return [...authRoutes(deps), ...regionRoutes(deps), ...adminRoutes(deps), ...statsRoutes(deps), ...uplinkRoutes(deps), ...evaluationRoutes(deps)];
}
