import { EvaluationRecordsQuery, EvaluationRecordsResponse } from '../../contract/central/evaluations.ts';
import { evaluationRecords } from '../projections/evaluation-records-query.ts';
import { resolveScope } from '../stats/scope.ts';
import { route, type RouteDef, type RouteDeps } from './route.ts';

/** 好差评 records with their push states, for the user's region subtree (or a region or hall in it; outside it 403). */
export function evaluationRoutes(deps: RouteDeps): RouteDef[] {
  const { pool } = deps;
  return [
    route({
      method: 'get',
      path: '/api/evaluations',
      access: 'user',
      summary: "好差评 evaluation records of the user's halls, newest first, with each record's push state per provincial target",
      query: EvaluationRecordsQuery,
      handler: async ({ user, query }) => {
        const scope = await resolveScope(pool, user, query);
        const result = await evaluationRecords(pool, scope.path, query);
        return EvaluationRecordsResponse.parse({ scope: { region: scope.region?.code ?? null, hall: scope.hall?.code ?? null, halls: scope.halls.length }, ...result });
      },
    }),
  ];
}
