import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { sendHttpError, withRequest } from '../../../core/http.js';
import type { RequestWiring, RouteEnv } from '../../../core/module.js';
import { rows } from '../../../core/sql.js';
import { todayInVietnam } from '../../../core/text.js';
import { printableReport, type PrintableReport } from '../../reports/report-print.js';
import { readPlanDocument } from '../../plans/store/index.js';
import { getVisiblePlan } from '../../plans/plan.service.js';
import type { PlanRow } from '../../plans/plan.types.js';
import type { PlanDocument } from '../../plans/plan-document.js';
import { printedNumber, renderPlanDocx, type RenderOptions } from './plan-docx.js';
import { PdfCache, pdfOf, renderPlanPdf } from './plan-pdf.js';
import { isDraftReport, renderReportDocx } from './report-docx.js';

/**
 * Downloads of a plan or a progress report as a printed document:
 *   GET /api/plans/:id/export.docx      GET /api/reports/:id/export.docx
 *   GET /api/plans/:id/export.pdf       GET /api/reports/:id/export.pdf
 * Authenticated exactly like GraphQL (Bearer token, `ApiKey …` or X-Api-Key, through
 * resolvePrincipal) and filtered by the same rule as `plan(id)` / `report(id)` (getVisiblePlan,
 * printableReport): what the caller may not see is 404, as it is NOT_FOUND in GraphQL. Errors
 * are JSON `{ code, message }` with the codes of the GraphQL API.
 */

const FORMATS = {
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', render: renderPlanDocx },
  pdf: { type: 'application/pdf', render: renderPlanPdf },
} as const;
type Format = keyof typeof FORMATS;

/** Statuses whose plan never changes again: their PDF is made once and cached. */
const IMMUTABLE = new Set(['ISSUED', 'SUPERSEDED']);

/** PDFs of issued plans are cached in the `pdf-cache` folder of the data folder (`env.dataDir`); no cache without it. */
export function exportRouter({ orm, requests, dataDir }: RouteEnv): Router {
  const router = express.Router();
  const cache = dataDir ? new PdfCache(path.join(dataDir, 'pdf-cache')) : null;
  for (const format of Object.keys(FORMATS) as Format[]) {
    router.get(`/api/plans/:id/export.${format}`, (req, res) => handle(orm, requests, cache, format, req, res));
    router.get(`/api/reports/:id/export.${format}`, (req, res) => handleReport(orm, requests, format, req, res));
  }
  return router;
}

/**
 * A report as "BÁO CÁO" (docs/REPORTS.md, "The printed report"): read under the report's own
 * read access, committed before rendering. Reports are not cached: a draft changes, and a
 * submitted one is printed in a second or two.
 */
async function handleReport(orm: MikroORM, requests: RequestWiring, format: Format, req: Request, res: Response): Promise<void> {
  try {
    const data = await withRequest(orm, requests, req, `report-export.${format}`, (ctx) => printableReport(ctx, String(req.params.id)));
    const body = format === 'pdf' ? await pdfOf(() => renderReportDocx(data)) : await renderReportDocx(data);
    send(res, format, body, reportDisposition(data, format));
  } catch (error) {
    sendHttpError(res, error);
  }
}

function send(res: Response, format: Format, body: Buffer, disposition: string): void {
  res.status(200);
  res.setHeader('Content-Type', FORMATS[format].type);
  res.setHeader('Content-Disposition', disposition);
  // A plan or report is visible to some callers only: never stored by shared caches.
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(body);
}

async function handle(
  orm: MikroORM,
  requests: RequestWiring,
  cache: PdfCache | null,
  format: Format,
  req: Request,
  res: Response,
): Promise<void> {
  try {
    // The reads commit before rendering: a PDF conversion takes seconds and needs no database.
    const { plan, doc, unit } = await withRequest(orm, requests, req, `export.${format}`, async (ctx) => {
      const found = await getVisiblePlan(ctx, String(req.params.id));
      // The unit gives the issuing authority and the place a plan does not state (an imported
      // seed, a derived draft): docs/ARCHITECTURE.md, "Documents".
      const [unitRow] = await rows<{ name: string }>(ctx.em, `select name from admin_unit where id = ?`, [found.unitId]);
      return { plan: found, doc: await readPlanDocument(ctx.em, found), unit: unitRow ?? null };
    });
    const options: RenderOptions = { unit };
    const body =
      format === 'pdf' && cache && IMMUTABLE.has(plan.status)
        ? await cachedPdf(cache, plan, doc, options)
        : await FORMATS[format].render(doc, options);
    send(res, format, body, contentDisposition(plan, format));
  } catch (error) {
    sendHttpError(res, error);
  }
}

/** The PDF of an immutable plan: converted once, then read from the cache (after the same access check). */
async function cachedPdf(cache: PdfCache, plan: PlanRow, doc: PlanDocument, options: RenderOptions): Promise<Buffer> {
  const key = cache.key(plan, doc, options);
  const hit = await cache.get(key);
  if (hit) return hit;
  const pdf = await renderPlanPdf(doc, options);
  await cache.put(key, pdf);
  return pdf;
}

/**
 * `attachment; filename="KH-45-KH-UBND-2024.docx"; filename*=UTF-8''…` — an ASCII name every
 * client accepts, and the Vietnamese title (RFC 5987/6266) for those that read it.
 */
export function contentDisposition(plan: Pick<PlanRow, 'id' | 'number' | 'symbol' | 'issuedDate' | 'createdAt' | 'title'>, ext: string) {
  return attachment(exportBaseName(plan), plan.title, ext);
}

/**
 * A report: "BC-Huyen-Bat-Xat-2024-10-08.docx" (the reporting unit, the day this version was
 * submitted), "BC-du-thao-Huyen-Bat-Xat-1a2b3c4d.docx" for a draft; the Vietnamese name says
 * which plan it reports on.
 */
export function reportDisposition(data: PrintableReport, ext: string): string {
  const { report, unit, plan } = data;
  const unitSlug = asciiSlug(unit.name);
  const submitted = report.submittedAt ? todayInVietnam(new Date(report.submittedAt)) : null;
  const base =
    isDraftReport(report.status) || !submitted ? `BC-du-thao-${unitSlug}-${report.id.slice(0, 8)}` : `BC-${unitSlug}-${submitted}`;
  const about = plan?.numberSymbol ? `kết quả thực hiện Kế hoạch số ${plan.numberSymbol}` : 'kết quả thực hiện kế hoạch';
  return attachment(base, `Báo cáo ${unit.name} ${about}`, ext);
}

/** `attachment; filename="<ascii>.<ext>"; filename*=UTF-8''<ascii> <title>.<ext>`, the title cleaned and cut at 100 characters. */
function attachment(asciiBase: string, title: string, ext: string): string {
  const ascii = `${asciiBase}.${ext}`;
  const clean = title
    .replace(/[\\/:*?"<>|\r\n\t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const short = clean.length > 100 ? `${clean.slice(0, 100).trimEnd()}…` : clean;
  const full = short ? `${asciiBase} ${short}.${ext}` : ascii;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(full)}`;
}

/** "KH-45-KH-UBND-2024" (number as printed: "KH-05-…") for an issued plan; "KH-du-thao-KH-UBND-2026-1a2b3c4d" for a draft. */
export function exportBaseName(plan: Pick<PlanRow, 'id' | 'number' | 'symbol' | 'issuedDate' | 'createdAt'>): string {
  const symbol = asciiSlug(plan.symbol ?? 'KH');
  const year = plan.issuedDate ? plan.issuedDate.slice(0, 4) : vietnamYear(new Date(plan.createdAt));
  if (plan.number) return `KH-${asciiSlug(printedNumber(plan.number))}-${symbol}-${year}`;
  return `KH-du-thao-${symbol}-${year}-${plan.id.slice(0, 8)}`;
}

function vietnamYear(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(at);
}

function asciiSlug(s: string): string {
  return s
    .replace(/Đ/g, 'D')
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function encodeRfc5987(s: string): string {
  return encodeURIComponent(s.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
