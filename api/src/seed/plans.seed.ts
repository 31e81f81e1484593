import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { REPO_ROOT } from '../config.js';
import type { AuthedCtx, PrincipalRole } from '../core/context.js';
import { createLoaders } from '../app.js';
import { one } from '../core/sql.js';
import { todayInVietnam } from '../core/text.js';
import { derivePlan } from '../modules/derivation/derivation.service.js';
import { prepareImport } from '../modules/documents/plan-import.service.js';
import * as store from '../modules/plans/store/index.js';
import { parsePlanText } from '../modules/documents/import/parse-plan-text.js';
import { dateLine, issuePlan, placeOf, submitForReview } from '../modules/plans/plan-lifecycle.service.js';
import { REFORM_DAY } from './admin-units.seed.js';
import { openObligations } from '../modules/reports/store/index.js';
import { seedReports } from './reports.seed.js';

const SEEDS = path.join(REPO_ROOT, 'api', 'data', 'seeds');

/**
 * The four real plans, imported with the product's own importer and issued by their units. The
 * published texts carry no number or date ("Số: /KH-UBND"), so the demo gives them plausible ones
 * (before the deadlines they set). The Gia Lai province plan 45/KH-UBND that the ward implements is
 * not among the seeds: a stand-in is reconstructed from the ward's own text (its wording turned back
 * to the province level) so that the ward plan has its parent in the system. It is marked as such.
 */
const PLANS: readonly SeedPlan[] = [
  // The Lào Cai campaign: its deadline for the districts falls a week before the first start.
  {
    file: 'province-lao-cai-2024-peak-campaign.txt',
    unit: { code: '10', validFrom: null },
    issuedDate: '2024-08-15',
    number: null,
    present: { date: '2024-08-30', daysBeforeStart: 7 },
  },
  // The Action Month runs through the first start.
  {
    file: 'province-bac-giang-2024-action-month.txt',
    unit: { code: '24', validFrom: null },
    issuedDate: '2024-05-31',
    number: null,
    present: { date: '2024-06-01', daysBeforeStart: 10 },
  },
  {
    file: 'commune-duong-quang-2024-drug-free.txt',
    unit: { code: '12112', validFrom: null },
    issuedDate: '2024-02-01',
    number: null,
    present: null,
  },
  // Gia Lai after the reform: the plans' deadlines as seen from a province issuing 25 days before the first start.
  {
    file: 'gia-lai-province-45-reconstructed',
    unit: { code: '52', validFrom: REFORM_DAY },
    issuedDate: '2025-08-24',
    number: '45',
    present: { date: '2025-08-24', daysBeforeStart: 25 },
  },
  {
    file: 'ward-gia-lai-2025-kl132.txt',
    unit: { code: '23575', validFrom: REFORM_DAY },
    issuedDate: '2025-09-05',
    number: null,
    present: { date: '2025-08-24', daysBeforeStart: 25 },
  },
];

interface SeedPlan {
  file: string;
  unit: { code: string; validFrom: string | null };
  /** The date the demo gives the published text (which carries none). */
  issuedDate: string;
  number: string | null;
  /**
   * Demo data that lives in the present (issue 14): the plan's working dates — deadline for the
   * units below, period, phases, reports, task deadlines — move so that `date` falls
   * `daysBeforeStart` days before the day of the first start. The document keeps its own dates:
   * its text, and its number and date of issue, by which other documents cite it (the ward's plan
   * finds 45/KH-UBND by "ngày 24/08/2025") and by which its cascade lists the units that existed
   * then (the districts dissolved on 30/06/2025).
   */
  present: { date: string; daysBeforeStart: number } | null;
}

const DAY_MS = 86_400_000;
const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysFrom = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The ward's text lifted back to the province level: the stand-in for 45/KH-UBND of Gia Lai. */
function reconstructedGiaLaiProvincePlan(): string {
  const ward = fs.readFileSync(path.join(SEEDS, 'ward-gia-lai-2025-kl132.txt'), 'utf8');
  const body = ward.slice(ward.indexOf('I. MỤC ĐÍCH'));
  return [
    'ỦY BAN NHÂN DÂN TỈNH GIA LAI',
    '',
    'Số: 45/KH-UBND',
    '',
    'Gia Lai, ngày 24 tháng 8 năm 2025',
    '',
    'KẾ HOẠCH',
    '',
    'Triển khai thực hiện Nghị quyết số 93/NQ-CP ngày 16/4/2025 của Chính phủ ban hành Kế hoạch thực hiện Kết luận số 132-KL/TW ngày 18/3/2025 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị về tăng cường, nâng cao hiệu quả công tác phòng, chống và kiểm soát ma túy trên địa bàn tỉnh (bản dựng lại để minh họa)',
    '',
    'Thực hiện Nghị quyết số 93/NQ-CP ngày 16/4/2025 của Chính phủ, Ủy ban nhân dân tỉnh xây dựng Kế hoạch thực hiện trên địa bàn tỉnh với những nội dung cụ thể như sau:',
    '',
    body
      .replace(/Ủy ban nhân dân phường/g, 'Ủy ban nhân dân tỉnh')
      .replace(/UBND phường/g, 'UBND tỉnh')
      .replace(/Công an phường/g, 'Công an tỉnh')
      .replace(/địa bàn phường/g, 'địa bàn tỉnh')
      .replace(/Các tổ dân phố, thôn, làng/g, 'UBND các xã, phường')
      .replace(/các tổ dân phố, thôn, làng/g, 'UBND các xã, phường'),
  ].join('\n');
}

async function unitByCode(em: EntityManager, code: string, validFrom: string | null) {
  return one<{ id: number; name: string; path: string; provinceId: number | null; kind: string; level: string; validTo: string | null }>(
    em,
    `select id, name, path::text as path, province_id as "provinceId", kind, level, valid_to::text as "validTo" from admin_unit
     where code = ? and coalesce(valid_from, '-infinity'::date) = coalesce(?::date, '-infinity'::date)`,
    [code, validFrom],
  );
}

/** A context acting as a demo account, for seeding through the product's own services. */
async function actAs(em: EntityManager, username: string): Promise<AuthedCtx | null> {
  const u = await one<{ id: string; role: PrincipalRole; unitId: number; unitPath: string; provinceId: number | null; label: string }>(
    em,
    `select a.id, a.role, a.unit_id as "unitId", u.path::text as "unitPath", a.province_id as "provinceId", a.display_name as label
     from app_user a join admin_unit u on u.id = a.unit_id where a.username = ?`,
    [username],
  );
  if (!u) return null;
  const principal = {
    kind: 'USER' as const,
    id: u.id,
    label: u.label,
    role: u.role,
    unitId: u.unitId,
    unitPath: u.unitPath,
    provinceId: u.provinceId,
  };
  return { em, principal, loaders: createLoaders(em, principal), requestId: 'seed' };
}

/** Imports and issues the seed plans, then derives the city's draft from the Lào Cai plan. Idempotent. */
export async function seedPlans(em: EntityManager): Promise<{ created: number }> {
  let created = 0;
  const toShift: { planId: string; days: number }[] = [];
  for (const p of PLANS) {
    const unit = await unitByCode(em, p.unit.code, p.unit.validFrom);
    if (!unit) continue;
    const text =
      p.file === 'gia-lai-province-45-reconstructed'
        ? reconstructedGiaLaiProvincePlan()
        : fs.readFileSync(path.join(SEEDS, p.file), 'utf8');
    const parsed = parsePlanText(text);
    if (await store.planIdByTitle(em, unit.id, parsed.document.header.title)) continue;
    const prepared = await prepareImport(em, unit, parsed.document, parsed.report);
    const planId = await store.insertPlan(em, null, prepared.plan);
    const year = Number(p.issuedDate.slice(0, 4));
    const number = p.number ?? String(await store.nextNumber(em, unit.id, 'KH-UBND', year));
    const place = parsed.document.header.place ?? placeOf(unit.name);
    const signature = { ...parsed.document.signature, signerName: parsed.document.signature.signerName ?? 'Chủ tịch Ủy ban nhân dân' };
    await store.markIssued(em, planId, {
      number,
      issuedDate: p.issuedDate,
      place,
      dateLine: dateLine(place, p.issuedDate),
      signature,
      issuedBy: null,
    });
    // Only a unit that exists today lives in the present: a plan of a unit dissolved in the 2025
    // reform keeps its dates, and so do the plans its subordinates issued under it (docs/ACCESS.md:
    // a unit issues only on a day it exists).
    if (p.present && (!unit.validTo || unit.validTo >= todayInVietnam())) {
      const target = addDays(todayInVietnam(), -p.present.daysBeforeStart);
      toShift.push({ planId, days: daysFrom(p.present.date, target) });
    }
    created++;
  }
  for (const x of toShift) await store.shiftWorkingDates(em, x.planId, x.days);
  // The seed plans were issued without the lifecycle service: their reporting milestones become
  // obligations here, once their dates are final (idempotent).
  await openObligations(em, await store.issuedPlanIds(em));
  // A subordinate draft so that the cascade of the Lào Cai plan has something to show.
  const laoCai = await store.issuedPlanOfUnit(em, '10');
  const ctx = await actAs(em, 'tplaocai.editor');
  if (laoCai && ctx) {
    if (!(await store.hasPlanDerivedFrom(em, laoCai, ctx.principal.unitId))) {
      await derivePlan(ctx, { parentPlanId: laoCai });
      created++;
    }
  }
  if (laoCai) created += await seedDistrictPlans(em, laoCai);
  // The first month's reports of the districts (docs/REPORTS.md, "Demo data").
  if (laoCai) await seedReports(em, laoCai);
  return { created };
}

/**
 * The districts' own plans below the Lào Cai plan, so that its cascade shows what a province sees
 * in real life (issue 14: every row said "826 days late"): most districts issued on time, Bảo Yên
 * late, the city still drafting, Bát Xát not started. Issued relative to the province's deadline,
 * which falls a week before the first start. Built through the product's own derive, submit and
 * issue, acting as the demo data (no account: the history names it "Hệ thống").
 */
const DISTRICT_PLANS = [
  { code: '083', daysBeforeDeadline: 5 }, // Huyện Mường Khương
  { code: '084', daysBeforeDeadline: 3 }, // Huyện Si Ma Cai
  { code: '085', daysBeforeDeadline: 2 }, // Huyện Bắc Hà
  { code: '086', daysBeforeDeadline: 4 }, // Huyện Bảo Thắng
  { code: '087', daysBeforeDeadline: -4 }, // Huyện Bảo Yên: four days late
  { code: '088', daysBeforeDeadline: 1 }, // Thị xã Sa Pa
  { code: '089', daysBeforeDeadline: 6 }, // Huyện Văn Bàn
];
const SEED_ACTOR_ID = '00000000-0000-4000-8000-00000000d3e0';

async function seedDistrictPlans(em: EntityManager, parentPlanId: string): Promise<number> {
  const deadline = await store.submissionDeadlineOf(em, parentPlanId);
  if (!deadline) return 0;
  let created = 0;
  for (const d of DISTRICT_PLANS) {
    const unit = await unitByCode(em, d.code, null);
    if (!unit || (await store.hasPlanDerivedFrom(em, parentPlanId, unit.id))) continue;
    const as = (role: PrincipalRole): AuthedCtx => {
      const principal = {
        kind: 'USER' as const,
        id: SEED_ACTOR_ID,
        label: 'Dữ liệu mẫu',
        role,
        unitId: unit.id,
        unitPath: unit.path,
        provinceId: unit.provinceId,
      };
      return { em, principal, loaders: createLoaders(em, principal), requestId: 'seed' };
    };
    const draft = await derivePlan(as('EDITOR'), { parentPlanId });
    const inReview = await submitForReview(as('EDITOR'), { planId: draft.id, version: draft.version });
    await issuePlan(as('APPROVER'), {
      planId: inReview.id,
      version: inReview.version,
      issuedDate: addDays(deadline, -d.daysBeforeDeadline),
      signature: { signerName: 'Chủ tịch Ủy ban nhân dân' },
    });
    created++;
  }
  return created;
}
