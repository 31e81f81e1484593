import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { docxToText } from '../../api/src/modules/documents/import/docx-to-text.js';
import { parsePlanText } from '../../api/src/modules/documents/import/parse-plan-text.js';
import { findOfficeBinary } from '../../api/src/modules/documents/export/plan-pdf.js';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * Downloads of a plan as .docx and .pdf over HTTP: authenticated like GraphQL, filtered by the
 * same visibility rule (down fully, up only issued, never sideways), errors as JSON codes.
 */

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let env: TestEnv;
let editor: Caller;
let approver: Caller;
const as: Record<string, Caller> = {};
let issued: { id: string; number: string };
let draftId: string;

async function ok<T = any>(query: string, variables: Record<string, unknown>, caller: Caller): Promise<T> {
  const r = await env.gql(query, variables, caller);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as T;
}

async function createPlanWithTree(title: string): Promise<string> {
  const plan = (await ok(`mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id } } }`, { i: { title } }, editor)).createPlan
    .plan as { id: string };
  const add = async (fields: Record<string, unknown>) =>
    (await ok(`mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`, { i: { planId: plan.id, ...fields } }, editor)).addNode
      .node.id as string;
  const s1 = await add({ kind: 'SECTION', label: 'I.', text: 'MỤC ĐÍCH, YÊU CẦU' });
  await add({ parentId: s1, kind: 'ITEM', label: '1.', text: 'Nâng cao hiệu quả công tác phòng, chống ma túy.' });
  const s2 = await add({ kind: 'SECTION', label: 'II.', text: 'NHIỆM VỤ', afterNodeId: s1 });
  const i2 = await add({ parentId: s2, kind: 'ITEM', label: '2.', text: 'Công an tỉnh' });
  const i21 = await add({ parentId: i2, kind: 'ITEM', label: '2.1.', text: 'Đấu tranh, triệt xóa tụ điểm' });
  const a = await add({ parentId: i21, kind: 'POINT', label: 'a)', text: 'Rà soát địa bàn trọng điểm, hoàn thành trước ngày 30/8/2026.' });
  await add({ parentId: a, kind: 'BULLET', label: '-', text: 'Tổ chức cai nghiện ma túy./.' });
  const version = (await ok(`query($id: String!) { plan(id: $id) { version } }`, { id: plan.id }, editor)).plan.version as number;
  await ok(
    `mutation($i: UpdatePlanHeaderInput!) { updatePlanHeader(input: $i) { plan { id } } }`,
    { i: { planId: plan.id, version, place: 'Lào Cai', recipients: ['Bộ Công an;', 'Lưu: VT, NC.'] } },
    editor,
  );
  return plan.id;
}

async function issue(planId: string): Promise<string> {
  const v1 = (await ok(`query($id: String!) { plan(id: $id) { version } }`, { id: planId }, editor)).plan.version as number;
  const s = await ok(
    `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version } } }`,
    { i: { planId, version: v1 } },
    editor,
  );
  const r = await ok(
    `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { number status } } }`,
    {
      i: {
        planId,
        version: s.submitPlanForReview.plan.version,
        issuedDate: '2025-03-05',
        signature: { signerName: 'Trịnh Xuân Trường' },
      },
    },
    approver,
  );
  expect(r.issuePlan.plan.status).toBe('ISSUED');
  return r.issuePlan.plan.number as string;
}

function download(planId: string, format: 'docx' | 'pdf', caller?: Caller, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers };
  if (caller?.token) h.authorization = `Bearer ${caller.token}`;
  if (caller?.apiKey) h.authorization = `ApiKey ${caller.apiKey}`;
  return fetch(`${env.url}/api/plans/${planId}/export.${format}`, { headers: h });
}

async function expectCode(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { code: string; reason?: string };
  expect(body.code).toBe(code);
  return body;
}

/** The downloaded file read back by the importer. */
async function importDownloaded(res: Response) {
  const { text } = await docxToText(Buffer.from(await res.arrayBuffer()));
  return parsePlanText(text).document;
}

beforeAll(async () => {
  env = await createTestEnv();
  editor = await env.login('laocai.editor');
  approver = await env.login('laocai.approver');
  for (const who of ['laocai.viewer', 'tplaocai.viewer', 'phuonglaocai.viewer', 'quocgia.viewer', 'bacgiang.viewer']) {
    as[who] = await env.login(who);
  }
  const issuedId = await createPlanWithTree('Kế hoạch cao điểm phòng, chống ma túy năm 2026');
  issued = { id: issuedId, number: await issue(issuedId) };
  draftId = await createPlanWithTree('Dự thảo kế hoạch tuyên truyền phòng, chống ma túy');
});
afterAll(async () => {
  await env?.stop();
});

describe('GET /api/plans/:id/export.docx', () => {
  it('gives the issuing unit the plan as a Decree 30 .docx that imports back to the same tree', async () => {
    const res = await download(issued.id, 'docx', as['laocai.viewer']);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX_TYPE);
    const padded = issued.number.padStart(2, '0');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="KH-${padded}-KH-UBND-2025\\.docx"; filename\\*=UTF-8''KH-${padded}-KH-UBND-2025%20`),
    );
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const doc = await importDownloaded(res);
    expect(doc.header).toMatchObject({
      issuingBody: 'ỦY BAN NHÂN DÂN TỈNH LÀO CAI',
      number: padded,
      symbol: 'KH-UBND',
      place: 'Lào Cai',
      issuedDate: '2025-03-05',
      documentKind: 'KẾ HOẠCH',
      title: 'Kế hoạch cao điểm phòng, chống ma túy năm 2026',
    });
    expect(doc.header.dateLine).toBe('Lào Cai, ngày 05 tháng 3 năm 2025');
    expect(doc.nodes.map((n) => [n.label, n.text])).toEqual([
      ['I.', 'MỤC ĐÍCH, YÊU CẦU'],
      ['1.', 'Nâng cao hiệu quả công tác phòng, chống ma túy.'],
      ['II.', 'NHIỆM VỤ'],
      ['2.', 'Công an tỉnh'],
      ['2.1.', 'Đấu tranh, triệt xóa tụ điểm'],
      ['a)', 'Rà soát địa bàn trọng điểm, hoàn thành trước ngày 30/8/2026.'],
      ['-', 'Tổ chức cai nghiện ma túy./.'],
    ]);
    // The tree, as the importer rebuilds it from the printed labels.
    const parentLabel = (i: number) => doc.nodes.find((n) => n.key === doc.nodes[i].parentKey)?.label ?? null;
    expect(doc.nodes.map((_n, i) => parentLabel(i))).toEqual([null, 'I.', null, 'II.', '2.', '2.1.', 'a)']);
    expect(doc.recipients).toEqual(['Bộ Công an;', 'Lưu: VT, NC.']);
    expect(doc.signature).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: 'Trịnh Xuân Trường' });
  });

  it('lets a child and a grandchild unit download an issued plan (up only issued)', async () => {
    for (const who of ['tplaocai.viewer', 'phuonglaocai.viewer']) {
      const res = await download(issued.id, 'docx', as[who]);
      expect(res.status, who).toBe(200);
      expect((await importDownloaded(res)).header.title).toBe('Kế hoạch cao điểm phòng, chống ma túy năm 2026');
    }
  });

  it('answers 404 NOT_FOUND to a sibling province, issued or not (never sideways)', async () => {
    await expectCode(await download(issued.id, 'docx', as['bacgiang.viewer']), 404, 'NOT_FOUND');
    await expectCode(await download(draftId, 'docx', as['bacgiang.viewer']), 404, 'NOT_FOUND');
  });

  it('answers 401 UNAUTHENTICATED without credentials or with a bad token', async () => {
    const anonymous = await download(issued.id, 'docx');
    await expectCode(anonymous, 401, 'UNAUTHENTICATED');
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    await expectCode(await download(issued.id, 'docx', { token: 'not-a-token' }), 401, 'UNAUTHENTICATED');
    await expectCode(await download(issued.id, 'docx', undefined, { authorization: 'Basic dTpw' }), 401, 'UNAUTHENTICATED');
  });

  it('accepts an API key of the unit, like GraphQL', async () => {
    const admin = await env.login('laocai.admin');
    const key = await ok(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      { i: { unitId: String(await env.unitId('10')), name: 'export test key' } },
      admin,
    );
    const res = await download(issued.id, 'docx', { apiKey: key.createApiKey.secret as string });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX_TYPE);
    const byHeader = await download(issued.id, 'docx', undefined, { 'x-api-key': key.createApiKey.secret as string });
    expect(byHeader.status).toBe(200);
  });

  it('lets the drafting unit and its superiors download a draft, but not the units below it', async () => {
    for (const who of ['laocai.viewer', 'quocgia.viewer']) {
      const res = await download(draftId, 'docx', as[who]);
      expect(res.status, who).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(`filename="KH-du-thao-KH-UBND-`);
      const doc = await importDownloaded(res);
      expect(doc.header.number).toBeNull();
      expect(doc.header.title).toBe('Dự thảo kế hoạch tuyên truyền phòng, chống ma túy');
    }
    // Down fully, up only issued: a descendant does not see its superior's draft.
    for (const who of ['tplaocai.viewer', 'phuonglaocai.viewer']) {
      await expectCode(await download(draftId, 'docx', as[who]), 404, 'NOT_FOUND');
    }
  });

  it('prints the stored Lào Cai seed plan so that importing the file gives its tree, tasks and targets back', async () => {
    const { rows } = await env.db.query(`select id from plan where unit_id = $1 and status = 'ISSUED' and title like 'Mở đợt cao điểm%'`, [
      await env.unitId('10'),
    ]);
    expect(rows).toHaveLength(1);
    const id = rows[0].id as string;
    const stored = (
      await ok(
        `query($id: String!) { plan(id: $id) { number title
          nodes { id parentId kind label text task { lead { name } cooperating { name } timing { kind dueDate text } } }
          targets { nodeId metric unitOfMeasure comparator value allocations { assignee value } } } }`,
        { id },
        as['tplaocai.viewer'],
      )
    ).plan;
    const res = await download(id, 'docx', as['tplaocai.viewer']);
    expect(res.status).toBe(200);
    const doc = await importDownloaded(res);
    expect(doc.header.number).toBe(String(stored.number).padStart(2, '0'));
    expect(doc.header.title).toBe(stored.title);
    expect(doc.nodes.length).toBeGreaterThan(50);
    // Same tree: position of each node's parent, kinds, labels, texts.
    const shape = (nodes: { id?: string; key?: string; parentId?: string | null; parentKey?: string | null }[]) => {
      const ids = nodes.map((n) => n.id ?? n.key);
      return nodes.map((n) => {
        const parent = n.parentId ?? n.parentKey;
        return parent ? ids.indexOf(parent) : null;
      });
    };
    expect(shape(doc.nodes)).toEqual(shape(stored.nodes));
    expect(doc.nodes.map((n) => [n.kind, n.label, n.text])).toEqual(stored.nodes.map((n: any) => [n.kind, n.label, n.text]));
    const tasks = (nodes: any[]) =>
      nodes.map((n) =>
        n.task
          ? {
              lead: n.task.lead.map((a: any) => a.name),
              cooperating: n.task.cooperating.map((a: any) => a.name),
              timing: n.task.timing ? { kind: n.task.timing.kind, dueDate: n.task.timing.dueDate ?? null, text: n.task.timing.text } : null,
            }
          : null,
      );
    expect(tasks(doc.nodes)).toEqual(tasks(stored.nodes));
    const nodeIndex = (nodes: any[], key: string | null) => nodes.findIndex((n) => (n.id ?? n.key) === key);
    const targets = (list: any[], nodes: any[]) =>
      list.map((t) => ({
        node: nodeIndex(nodes, t.nodeId ?? t.nodeKey),
        metric: t.metric,
        unitOfMeasure: t.unitOfMeasure,
        comparator: t.comparator,
        value: t.value,
        allocations: t.allocations.map((a: any) => [a.assignee, a.value]),
      }));
    expect(stored.targets.length).toBeGreaterThan(0);
    expect(targets(doc.targets, doc.nodes)).toEqual(targets(stored.targets, stored.nodes));
  });

  it('answers 404 for an unknown id, 400 for a malformed one (no plan can have it)', async () => {
    await expectCode(await download('00000000-0000-4000-8000-000000000000', 'docx', as['laocai.viewer']), 404, 'NOT_FOUND');
    await expectCode(await download('not-a-uuid', 'docx', as['laocai.viewer']), 400, 'BAD_USER_INPUT');
  });
});

/** Whether this machine can convert to PDF: the conversion test runs only then, and says so when skipped. */
const officeAvailable = findOfficeBinary() !== null;

describe('GET /api/plans/:id/export.pdf', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('answers 503 with reason PDF_UNAVAILABLE when the server has no LibreOffice', async () => {
    // The server runs in this process and looks soffice up on PATH at each request.
    vi.stubEnv('PATH', mkdtempSync(path.join(os.tmpdir(), 'no-office-')));
    const body = await expectCode(await download(issued.id, 'pdf', as['laocai.viewer']), 503, 'INVALID_STATE');
    expect(body.reason).toBe('PDF_UNAVAILABLE');
  });

  it('applies the same access rule before converting anything', async () => {
    await expectCode(await download(issued.id, 'pdf'), 401, 'UNAUTHENTICATED');
    await expectCode(await download(issued.id, 'pdf', as['bacgiang.viewer']), 404, 'NOT_FOUND');
    await expectCode(await download(draftId, 'pdf', as['tplaocai.viewer']), 404, 'NOT_FOUND');
  });

  it.skipIf(!officeAvailable)(
    officeAvailable
      ? 'converts the plan with LibreOffice'
      : 'converts the plan with LibreOffice — SKIPPED: soffice is not on PATH (apt-get install libreoffice-writer-nogui)',
    async () => {
      const res = await download(issued.id, 'pdf', as['tplaocai.viewer']);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`^attachment; filename="KH-${issued.number.padStart(2, '0')}-KH-UBND-2025\\.pdf"`),
      );
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
    120_000,
  );
});
