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

describe('Party plans (a Tỉnh ủy, a Huyện ủy): their symbol, their heading, their parent', () => {
  const BODY = 'I. NHIỆM VỤ\n1. Các cấp ủy lãnh đạo thực hiện.\nNơi nhận:\n- Như trên;\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn An\n';
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/headers/${name}`, import.meta.url), 'utf8');

  it('keeps the Party symbol, prints "ĐẢNG CỘNG SẢN VIỆT NAM" and "Số …-KH/TU", and is found as the parent by its Party number', async () => {
    const editor = await env.login('laocai.editor');
    const r = await env.gql(
      `mutation($i: ImportPlanInput!) { importPlan(input: $i) { plan { id symbol numberSymbol issuingBody } } }`,
      {
        i: {
          fileName: 'tinh-uy.txt',
          contentBase64: Buffer.from(`${fixture('28-party-provincial-committee.txt')}${BODY}`).toString('base64'),
        },
      },
      editor,
    );
    expect(r.errors).toBeUndefined();
    const party = r.data!.importPlan.plan;
    expect(party).toMatchObject({ symbol: 'KH/TU', numberSymbol: null, issuingBody: 'ĐẢNG BỘ TỈNH LÀO CAI\nTỈNH ỦY' });

    // Printed as a Party document: the Party heading and no state motto, the number in the Party form.
    const res = await fetch(`${env.url}/api/plans/${party.id}/export.docx`, { headers: { authorization: `Bearer ${editor.token}` } });
    const { paragraphs } = await readDocx(Buffer.from(await res.arrayBuffer()));
    const cell = (row: number, col: number) =>
      paragraphs.filter((p) => p.table?.[0] === 0 && p.table[1] === row && p.table[2] === col && p.text.trim() !== '').map((p) => p.text);
    expect(cell(0, 1)).toEqual(['ĐẢNG CỘNG SẢN VIỆT NAM']);
    expect(cell(0, 0)).toEqual(['ĐẢNG BỘ TỈNH LÀO CAI\nTỈNH ỦY', '*']);
    expect(cell(1, 0)[0]).toMatch(/^Số\s+-KH\/TU$/u);
    expect(paragraphs.map((p) => p.text)).not.toContain('Độc lập - Tự do - Hạnh phúc');

    // Issued as 125-KH/TU on 20/8/2024, it is the parent of the Huyện ủy plan citing "Kế hoạch số 125-KH/TU".
    await env.db.query(`update plan set status = 'ISSUED', number = '125', issued_date = '2024-08-20' where id = $1`, [party.id]);
    const child = await importAs('batxat.editor', `${fixture('29-party-district-committee-cells.txt')}${BODY}`);
    expect(child.report.parentPlanId).toBe(party.id);
    expect(child.plan.legalBases[0]).toEqual({ number: '125-KH/TU', refPlanId: party.id });
    const issued = await env.gql(`query($id: String!) { plan(id: $id) { numberSymbol } }`, { id: party.id }, editor);
    expect(issued.errors).toBeUndefined();
    expect(issued.data!.plan.numberSymbol).toBe('125-KH/TU');
  });

  it('takes a Party symbol in a header edit, and still refuses what is neither form', async () => {
    const editor = await env.login('laocai.editor');
    const created = await env.gql(`mutation { createPlan(input: { title: "Thử ký hiệu" }) { plan { id version } } }`, {}, editor);
    const { id, version } = created.data!.createPlan.plan;
    const update = (symbol: string, v: number) =>
      env.gql(
        `mutation($i: UpdatePlanHeaderInput!) { updatePlanHeader(input: $i) { plan { symbol version } } }`,
        { i: { planId: id, version: v, symbol } },
        editor,
      );
    const ok = await update('kh/đu', version);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.updatePlanHeader.plan.symbol).toBe('KH/ĐU');
    for (const bad of ['KH/TU/X', '/TU', 'KH TU', '12/KH-UBND']) {
      const r = await update(bad, ok.data!.updatePlanHeader.plan.version);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'symbol' });
    }
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
