import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx, PrincipalRole } from '../core/context.js';
import { createLoaders } from '../app.js';
import * as plans from '../modules/plans/store/index.js';
import * as reports from '../modules/reports/reports.service.js';
import * as store from '../modules/reports/store/index.js';

/*
 * Demo reports (issue 11): the first-month report ("Báo cáo kết quả 01 tháng", due 03/10/2024) of
 * the Lào Cai plan from most districts, written through the product's own services, so that a
 * newcomer sees a living cascade: accepted and submitted reports, Bát Xát late, Si Ma Cai
 * returned, Thành phố Lào Cai missing (its plan is still a draft); three communes of Mường Khương
 * report first and their district's report is built on their sum. Dates are those of 2024.
 */

const SEED_ACTOR_ID = '00000000-0000-4000-8000-00000000d3e0';

type Fate = { submittedOn: string; decision?: 'ACCEPTED' | 'RETURNED'; share: number };
const DISTRICTS: Record<string, Fate> = {
  '082': { submittedOn: '2024-10-08', share: 0.3 }, // Huyện Bát Xát: five days late, not yet accepted
  '083': { submittedOn: '2024-10-01', decision: 'ACCEPTED', share: 0.45 }, // Huyện Mường Khương: built on its communes
  '084': { submittedOn: '2024-10-02', decision: 'RETURNED', share: 0.2 }, // Huyện Si Ma Cai: returned
  '085': { submittedOn: '2024-09-30', decision: 'ACCEPTED', share: 0.5 }, // Huyện Bắc Hà
  '086': { submittedOn: '2024-10-02', decision: 'ACCEPTED', share: 0.4 }, // Huyện Bảo Thắng
  '087': { submittedOn: '2024-10-03', share: 0.35 }, // Huyện Bảo Yên
  '088': { submittedOn: '2024-10-01', share: 0.6 }, // Thị xã Sa Pa
  '089': { submittedOn: '2024-09-29', decision: 'ACCEPTED', share: 0.5 }, // Huyện Văn Bàn
};
/** Communes of Mường Khương that report to their district first (the first three by code). */
const COMMUNES_REPORTING = 3;

function actingAs(em: EntityManager, unit: { unitId: number; unitPath: string }, role: PrincipalRole): AuthedCtx {
  const principal = {
    kind: 'USER' as const,
    id: SEED_ACTOR_ID,
    label: 'Dữ liệu mẫu',
    role,
    unitId: unit.unitId,
    unitPath: unit.unitPath,
    provinceId: null,
  };
  return { em, principal, loaders: createLoaders(em, principal), requestId: 'seed' };
}

/** Writes, fills and submits one report; figures are `share` of the allocation (or small counts). */
async function writeReport(em: EntityManager, o: { id: string; unitId: number; unitPath: string }, fate: Fate, fromBelow: boolean) {
  const editor = actingAs(em, o, 'EDITOR');
  let report = await reports.createReport(editor, { obligationId: o.id });
  const figures = await store.reportFigures(em, [report.id]);
  for (const f of figures) {
    if (fromBelow && f.periodValue !== null) continue; // the sum of the communes stands
    const value =
      f.allocated !== null && f.unitOfMeasure !== '%' ? Math.round(f.allocated * fate.share) : f.unitOfMeasure === '%' ? 100 : 2;
    await reports.updateReportFigure(editor, {
      reportId: report.id,
      targetId: f.targetId,
      version: f.version,
      periodValue: String(value),
      cumulativeValue: String(value),
    });
  }
  const tasks = await store.reportTasks(em, [report.id]);
  for (const [i, t] of tasks.slice(0, 3).entries()) {
    await reports.updateReportTask(editor, {
      taskId: t.id,
      version: t.version,
      status: i === 0 ? 'COMPLETED' : 'IN_PROGRESS',
      done: i === 0 ? 'Đã tổ chức Hội nghị quán triệt, triển khai đợt cao điểm.' : 'Đang triển khai theo kế hoạch.',
    });
  }
  report = await reports.updateReportText(editor, {
    reportId: report.id,
    version: (await store.reloadReport(em, report.id)).version,
    difficulties: 'Địa bàn rộng, giáp biên giới; lực lượng mỏng.',
    proposals: 'Đề nghị tăng cường kinh phí hỗ trợ lực lượng cơ sở.',
    signature: { signerName: 'Chủ tịch Ủy ban nhân dân' },
  });
  report = await reports.submitReport(actingAs(em, o, 'APPROVER'), { reportId: report.id, version: report.version });
  await store.backdateSubmission(em, report.id, fate.submittedOn);
  return report;
}

export async function seedReports(em: EntityManager, laoCaiPlanId: string): Promise<void> {
  if (await store.planHasReports(em, laoCaiPlanId)) return;
  const province = await store.firstObligationsOf(em, laoCaiPlanId, 'RESULT_REPORT');
  if (!province.length) return;
  const issuer = await plans.issuerOfPlan(em, laoCaiPlanId);
  const provinceApprover = actingAs(em, issuer, 'APPROVER');
  for (const o of province) {
    const fate = DISTRICTS[o.code];
    if (!fate) continue;
    let fromBelow = false;
    if (o.code === '083') {
      const planId = await plans.issuedPlanOfUnit(em, '083');
      const communes = planId ? (await store.firstObligationsOf(em, planId, 'RESULT_REPORT')).slice(0, COMMUNES_REPORTING) : [];
      for (const [i, c] of communes.entries()) {
        await writeReport(em, c, { submittedOn: `2024-09-2${5 + i}`, share: 0.15 }, false);
      }
      fromBelow = communes.length > 0;
    }
    const report = await writeReport(em, o, fate, fromBelow);
    if (fate.decision === 'ACCEPTED')
      await reports.decideReport(provinceApprover, { reportId: report.id, version: report.version }, 'ACCEPTED');
    if (fate.decision === 'RETURNED') {
      await reports.decideReport(
        provinceApprover,
        {
          reportId: report.id,
          version: report.version,
          reason: 'Số liệu lập hồ sơ cai nghiện chưa khớp với báo cáo của Công an huyện; đề nghị rà soát, báo cáo lại.',
        },
        'RETURNED',
      );
    }
  }
}
