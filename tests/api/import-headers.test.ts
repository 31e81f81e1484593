import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocx } from '../../api/src/modules/documents/export/docx-xml.test-helpers.js';
import { docxWithTables } from '../../api/src/modules/documents/import/test-fixtures.js';
import { createTestEnv, type TestEnv } from '../support/env.js';

/**
 * Headers as real plans have them, through the importPlan mutation (issue 12): the cited parent
 * found whatever the number's leading zeros, both ways, and the report's warnings with codes.
 * The header corpus itself is read in api/src/modules/documents/import/header-corpus.test.ts.
 */

let env: TestEnv;
let laoCaiPlanId: string;

beforeAll(async () => {
  env = await createTestEnv();
  laoCaiPlanId = (
    await env.db.query(
      `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and u.valid_from is null and p.status = 'ISSUED'`,
    )
  ).rows[0].id;
});
afterAll(async () => {
  await env?.stop();
});

const IMPORT = `mutation($i: ImportPlanInput!) { importPlan(input: $i) {
  plan { id issuingBody legalBases { number refPlanId } }
  report { parentPlanId warnings warningDetails { code message values } } } }`;

/** A district or commune plan citing the Lào Cai province plan (issued 15/8/2024) by `cited`. */
function citing(cited: string, body: string): string {
  return [
    `ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`,
    `${body} | Độc lập - Tự do - Hạnh phúc`,
    `Số: 01/KH-UBND | Lào Cai, ngày 20 tháng 8 năm 2024`,
    'KẾ HOẠCH',
    'Mở đợt cao điểm phòng, chống ma túy',
    `Thực hiện Kế hoạch số ${cited} ngày 15/8/2024 của Ủy ban nhân dân tỉnh Lào Cai về mở đợt cao điểm; Ủy ban nhân dân ban hành Kế hoạch như sau:`,
    'I. NHIỆM VỤ',
    '1. Công an chủ trì triển khai thực hiện.',
    'Nơi nhận:',
    '- Như trên;',
    'TM. ỦY BAN NHÂN DÂN',
    'CHỦ TỊCH',
    'Nguyễn Văn An',
  ].join('\n');
}

async function importAs(username: string, text: string) {
  const r = await env.gql(
    IMPORT,
    { i: { fileName: 'plan.txt', contentBase64: Buffer.from(text).toString('base64') } },
    await env.login(username),
  );
  expect(r.errors).toBeUndefined();
  return r.data!.importPlan;
}

describe('the cited parent plan, whatever its number’s leading zeros', () => {
  it('a plan issued as 1/KH-UBND is the parent of a plan citing 01/KH-UBND', async () => {
    await env.db.query(`update plan set number = '1' where id = $1`, [laoCaiPlanId]);
    const { plan, report } = await importAs('batxat.editor', citing('01/KH-UBND', 'HUYỆN BÁT XÁT'));
    expect(report.parentPlanId).toBe(laoCaiPlanId);
    expect(plan.legalBases[0]).toEqual({ number: '01/KH-UBND', refPlanId: laoCaiPlanId });
    expect(plan.issuingBody).toBe('ỦY BAN NHÂN DÂN\nHUYỆN BÁT XÁT');
  });

  it('a plan issued as 01/KH-UBND is the parent of a plan citing 1/KH-UBND', async () => {
    await env.db.query(`update plan set number = '01' where id = $1`, [laoCaiPlanId]);
    const { report, plan } = await importAs('phuonglaocai.editor', citing('1/KH-UBND', 'PHƯỜNG LÀO CAI'));
    expect(report.parentPlanId).toBe(laoCaiPlanId);
    expect(plan.legalBases[0]).toEqual({ number: '1/KH-UBND', refPlanId: laoCaiPlanId });
  });
});

describe('the report says where the importer is not sure, with a code', () => {
  it('a header line that is no part of a header: HEADER_UNSURE, and the issuing body stays clean', async () => {
    const text = readFileSync(new URL('../fixtures/headers/33-unsure-lower-case-line.txt', import.meta.url), 'utf8');
    const { plan, report } = await importAs(
      'batxat.editor',
      `${text}I. NHIỆM VỤ\n1. Việc.\nNơi nhận:\n- Như trên;\nCHỦ TỊCH\nNguyễn Văn An\n`,
    );
    expect(plan.issuingBody).toBe('ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI');
    expect(report.warningDetails.map((w: { code: string }) => w.code)).toEqual(['HEADER_UNSURE']);
    expect(report.warnings).toEqual(report.warningDetails.map((w: { message: string }) => w.message));
    expect(report.warnings[0]).toContain('Kính gửi: Các sở, ban, ngành thuộc tỉnh');
    // The line itself, for the portal to word the warning in its language (never parsing the message).
    expect(report.warningDetails[0].values).toEqual(['Kính gửi: Các sở, ban, ngành thuộc tỉnh']);
  });
});

describe('Word tables through the API', () => {
  it('an allocation table links its units by name, reports a name that is no unit below, and is stored and printed as a table', async () => {
    const laoCai = await env.unitId('10');
    const children = (await env.db.query(`select name from admin_unit where parent_id = $1 order by name limit 3`, [laoCai])).rows.map(
      (r: { name: string }) => r.name,
    );
    expect(children).toHaveLength(3);
    const rows = [
      ['STT', 'Đơn vị', 'Số vụ bắt giữ (vụ)'],
      ...children.map((name: string, i: number) => [String(i + 1), name, String(10 * (i + 1))]),
      ['4', 'Huyện Không Có Thật', '5'],
      ['', 'Tổng cộng', '65'],
    ];
    const docx = await docxWithTables([
      'KẾ HOẠCH',
      'Cao điểm đấu tranh tội phạm về ma túy',
      'Thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:',
      'I. CHỈ TIÊU',
      '1. Chỉ tiêu giao các huyện:',
      rows,
      'Nơi nhận:',
      '- Như trên;',
      'CHỦ TỊCH',
      'Nguyễn Văn An',
    ]);
    const editor = await env.login('laocai.editor');
    const r = await env.gql(
      `mutation($i: ImportPlanInput!) { importPlan(input: $i) {
        plan { id nodes { kind text } targets { metric value allocations { assignee value unitId } } }
        report { warningDetails { code message values } } } }`,
      { i: { fileName: 'phan-bo.docx', contentBase64: docx.toString('base64') } },
      editor,
    );
    expect(r.errors).toBeUndefined();
    const { plan, report } = r.data!.importPlan;
    expect(plan.nodes.filter((n: { kind: string }) => n.kind === 'TABLE')).toHaveLength(1);
    const [target] = plan.targets;
    expect(target).toMatchObject({ metric: 'Số vụ bắt giữ', value: 65 });
    const linked = target.allocations
      .filter((a: { unitId: string | null }) => a.unitId !== null)
      .map((a: { assignee: string }) => a.assignee);
    expect(linked).toEqual(children);
    expect(report.warningDetails.map((w: { code: string }) => w.code)).toEqual(['ALLOCATION_UNIT_UNKNOWN']);
    expect(report.warningDetails[0].message).toContain('Huyện Không Có Thật');
    expect(report.warningDetails[0].values).toEqual(['Huyện Không Có Thật', 'Tỉnh Lào Cai']);
    // Printed back as a table.
    const res = await fetch(`${env.url}/api/plans/${plan.id}/export.docx`, { headers: { authorization: `Bearer ${editor.token}` } });
    const { paragraphs } = await readDocx(Buffer.from(await res.arrayBuffer()));
    const cells = paragraphs.filter((p) => p.table?.[0] === 1).map((p) => p.text);
    expect(cells.slice(0, 3)).toEqual(['STT', 'Đơn vị', 'Số vụ bắt giữ (vụ)']);
    expect(cells).toContain('Huyện Không Có Thật');
  });
});
