import { numberSymbol } from './plan-document.js';
import crypto from 'node:crypto';
import express, { type Router } from 'express';
import { badInput } from '../../core/errors.js';
import { sendHttpError, withRequest } from '../../core/http.js';
import { streamNdjson } from '../../core/ndjson.js';
import type { RouteEnv } from '../../core/module.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import { loadLegalBases, loadMilestones, loadNodes, loadPhases, loadTargets, publishedPlansUnder } from './store/index.js';
import type { PlanRow } from './plan.types.js';
import { readablePlanIds } from './plan.service.js';

/** Plans are read and written out in batches of this size: memory stays flat whatever the tree. */
const BATCH = 50;

/**
 * Integrators' bulk read (docs/DESIGN.md §10: "a separate streaming export for whole trees"):
 *   GET /api/export/plans.ndjson?unitId=<id>[&status=ISSUED|SUPERSEDED|ALL_PUBLISHED]
 * One JSON line per issued plan of the unit and every unit below it that the caller may read,
 * each with its legal bases, nodes (document order), phases, targets with allocations and
 * milestones. Authenticated like GraphQL (token or API key); batches of plans share one
 * statement per table.
 */
export function planStreamRouter({ orm, requests }: RouteEnv): Router {
  const router = express.Router();
  router.get('/api/export/plans.ndjson', async (req, res) => {
    try {
      const { principal, unit, statuses } = await withRequest(orm, requests, req, 'export.plans.ndjson', async (ctx) => {
        if (typeof req.query.unitId !== 'string') throw badInput('unitId is required', 'unitId');
        const statusParam = typeof req.query.status === 'string' ? req.query.status : 'ISSUED';
        const wanted = { ISSUED: ['ISSUED'], SUPERSEDED: ['SUPERSEDED'], ALL_PUBLISHED: ['ISSUED', 'SUPERSEDED'] }[statusParam];
        const found = await findVisibleUnit(ctx, parseUnitId(req.query.unitId, 'unitId'));
        if (!wanted) throw badInput('status must be ISSUED, SUPERSEDED or ALL_PUBLISHED', 'status');
        return { principal: ctx.principal, unit: found, statuses: wanted };
      });
      await streamNdjson(res, orm, principal, async (em, after) => {
        const batch: PlanRow[] = await publishedPlansUnder(em, principal, unit.path, statuses, after, BATCH);
        if (!batch.length) return null;
        const ids = batch.map((p) => p.id);
        const batchCtx = { em, principal, loaders: requests.createLoaders(em, principal), requestId: crypto.randomUUID() };
        const [nodes, bases, phases, targets, milestones, units] = await Promise.all([
          loadNodes(em, ids),
          loadLegalBases(em, ids),
          loadPhases(em, ids),
          loadTargets(em, ids),
          loadMilestones(em, ids),
          Promise.all(batch.map((p) => batchCtx.loaders.unitById.load(p.unitId))),
        ]);
        // Links to plans out of the caller's sight (a parent revoked since) are left out, as in GraphQL.
        const readable = await readablePlanIds(
          batchCtx,
          batch.flatMap((p) => [p.parentPlanId, p.amendsPlanId, ...(bases.get(p.id) ?? []).map((b) => b.refPlanId)]),
        );
        const link = (id: string | null) => (id && readable.has(id) ? id : null);
        let text = '';
        for (const [i, p] of batch.entries()) {
          const u = units[i]!;
          const { unitPath: _path, ...plan } = p;
          const fromParent = link(p.parentPlanId) !== null;
          text += `${JSON.stringify({
            ...plan,
            parentPlanId: link(p.parentPlanId),
            amendsPlanId: link(p.amendsPlanId),
            numberSymbol: numberSymbol(p.number, p.symbol),
            unit: { id: u.id, code: u.code, name: u.name, level: u.level },
            legalBases: bases.get(p.id)!.map((b) => ({ ...b, refPlanId: link(b.refPlanId) })),
            nodes: fromParent ? nodes.get(p.id) : nodes.get(p.id)!.map((n) => ({ ...n, derivedFromNodeId: null })),
            phases: phases.get(p.id),
            targets: fromParent ? targets.get(p.id) : targets.get(p.id)!.map((t) => ({ ...t, derivedFromTargetId: null })),
            milestones: milestones.get(p.id),
          })}\n`;
        }
        return { text, last: batch.at(-1)!.id, full: batch.length === BATCH };
      });
    } catch (error) {
      sendHttpError(res, error);
    }
  });
  return router;
}
