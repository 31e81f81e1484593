import express, { type Request, type Response, type Router } from 'express';
import { sendHttpError, withRequest } from '../../../core/http.js';
import type { RouteEnv } from '../../../core/module.js';
import type { AuthedCtx } from '../../../core/context.js';
import { milestoneWorkbook, reportWorkbook, type XlsxFile } from './figures-export.js';

/**
 * Downloads of the figures table (docs/REPORTS.md, "Figures as a spreadsheet"):
 *   GET /api/reports/:id/figures.xlsx                      a report's sheet
 *   GET /api/reports/milestones/:milestoneId/figures.xlsx  the follow page's summary and a sheet per report in sight
 * Authenticated like GraphQL (withRequest: 401 without credentials) and filtered by the same
 * rules as `report(id)` and the follow page: what the caller may not read is 404.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function figuresXlsxRouter({ orm, requests }: RouteEnv): Router {
  const router = express.Router();
  const serve = (op: string, build: (ctx: AuthedCtx, req: Request) => Promise<XlsxFile>) => async (req: Request, res: Response) => {
    try {
      const file = await withRequest(orm, requests, req, op, (ctx) => build(ctx, req));
      res.status(200);
      res.setHeader('Content-Type', XLSX);
      res.setHeader('Content-Disposition', `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeRfc5987(file.name)}`);
      // A report is visible to some callers only: never stored by shared caches.
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.end(file.body);
    } catch (error) {
      sendHttpError(res, error);
    }
  };
  // The milestone route first: "milestones" is no report id.
  router.get(
    '/api/reports/milestones/:milestoneId/figures.xlsx',
    serve('figures.xlsx', (ctx, req) => milestoneWorkbook(ctx, String(req.params.milestoneId))),
  );
  router.get(
    '/api/reports/:id/figures.xlsx',
    serve('figures.xlsx', (ctx, req) => reportWorkbook(ctx, String(req.params.id))),
  );
  return router;
}

function encodeRfc5987(s: string): string {
  return encodeURIComponent(s.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
