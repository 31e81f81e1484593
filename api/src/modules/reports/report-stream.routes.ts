import express, { type Router } from 'express';
import { badInput } from '../../core/errors.js';
import { sendHttpError, withRequest } from '../../core/http.js';
import { streamNdjson } from '../../core/ndjson.js';
import type { RouteEnv } from '../../core/module.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import * as store from './store/index.js';

/** Reports are read and written out in batches of this size, like plans: memory stays flat whatever the tree. */
const BATCH = 50;
const VERSIONS = ['CURRENT', 'ALL'] as const;

/**
 * Integrators' bulk read of progress reports (docs/REPORTS.md, "Reports for integrators"):
 *   GET /api/export/reports.ndjson?unitId=<id>[&versions=CURRENT|ALL]
 * One JSON line per report of the unit and every unit below it that the caller reads — its own in
 * any status, a unit below's once submitted, never a draft of another unit — with its obligation,
 * unit, period, status, compliance, tasks and figures. CURRENT (the default) leaves out versions
 * replaced by a submitted correction; ALL keeps them. Authenticated like GraphQL (token or API
 * key) and streamed like the plans' export (core/ndjson.ts): one short transaction and a fixed
 * number of statements per batch.
 */
export function reportStreamRouter({ orm, requests }: RouteEnv): Router {
  const router = express.Router();
  router.get('/api/export/reports.ndjson', async (req, res) => {
    try {
      const { principal, unit, versions } = await withRequest(orm, requests, req, 'export.reports.ndjson', async (ctx) => {
        if (typeof req.query.unitId !== 'string') throw badInput('unitId is required', 'unitId');
        const versionsParam = typeof req.query.versions === 'string' ? req.query.versions : 'CURRENT';
        const found = await findVisibleUnit(ctx, parseUnitId(req.query.unitId, 'unitId'));
        if (!(VERSIONS as readonly string[]).includes(versionsParam)) throw badInput('versions must be CURRENT or ALL', 'versions');
        return { principal: ctx.principal, unit: found, versions: versionsParam as (typeof VERSIONS)[number] };
      });
      await streamNdjson(res, orm, principal, async (em, after) => {
        const batch = await store.reportsUnder(em, principal, unit.path, versions, after, BATCH);
        if (!batch.length) return null;
        const ids = batch.map((r) => r.id);
        const loaders = requests.createLoaders(em, principal);
        const [tasks, figures, units] = await Promise.all([
          store.reportTasks(em, ids),
          store.reportFigures(em, ids),
          Promise.all(batch.flatMap((r) => [loaders.unitById.load(r.unitId), loaders.unitById.load(r.obligation.issuerUnitId)])),
        ]);
        const byReport = <T extends { reportId: string }>(items: T[]) => {
          const by = new Map<string, T[]>();
          for (const it of items) {
            const list = by.get(it.reportId);
            if (list) list.push(it);
            else by.set(it.reportId, [it]);
          }
          return by;
        };
        const tasksOf = byReport(tasks);
        const figuresOf = byReport(figures);
        const unitOf = (u: (typeof units)[number]) => (u ? { id: u.id, code: u.code, name: u.name, level: u.level } : null);
        let text = '';
        for (const [i, r] of batch.entries()) {
          const { unitPath: _path, provinceId: _province, unitId: _unit, obligationId: _obligation, obligation, ...report } = r;
          const { issuerUnitId: _issuer, ...owed } = obligation;
          text += `${JSON.stringify({
            ...report,
            unit: unitOf(units[2 * i]),
            obligation: { ...owed, issuerUnit: unitOf(units[2 * i + 1]) },
            tasks: (tasksOf.get(r.id) ?? []).map(({ reportId: _r, id: _id, version: _v, ...t }) => t),
            figures: (figuresOf.get(r.id) ?? []).map(({ reportId: _r, id: _id, version: _v, ...f }) => f),
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
