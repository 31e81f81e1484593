import { describe, expect, it } from 'vitest';
import type { PlanDocument, DocNode } from '../../plans/plan-document.js';
import { documentText } from './document-text.js';
import { parsePlanText } from './parse-plan-text.js';
import { SEEDS, seedText, type SeedName } from './test-fixtures.js';
import { normaliseForComparison } from './text-normalise.js';

const parsed = Object.fromEntries((Object.keys(SEEDS) as SeedName[]).map((name) => [name, parsePlanText(seedText(name))])) as Record<
  SeedName,
  ReturnType<typeof parsePlanText>
>;
const doc = (name: SeedName) => parsed[name].document;

/** [section label, number of items directly under it] for every section. */
function sectionOutline(d: PlanDocument): [string, number][] {
  return d.nodes
    .filter((n) => n.kind === 'SECTION')
    .map((s) => [s.label!, d.nodes.filter((n) => n.parentKey === s.key && n.kind === 'ITEM').length]);
}

function childLabels(d: PlanDocument, parent: DocNode): string[] {
  return d.nodes.filter((n) => n.parentKey === parent.key && n.kind === 'ITEM').map((n) => n.label!);
}

function node(d: PlanDocument, startsWith: string): DocNode {
  const found = d.nodes.filter((n) => n.text.startsWith(startsWith));
  expect(found, `one node starting "${startsWith}"`).toHaveLength(1);
  return found[0];
}

const names = (refs: { name: string }[] | undefined) => (refs ?? []).map((r) => r.name);
const basis = (d: PlanDocument) => d.legalBases.map(({ type, number, date, issuer }) => ({ type, number, date, issuer }));

describe('nothing is lost: the parsed document reads back as its source', () => {
  for (const name of Object.keys(SEEDS) as SeedName[]) {
    const source = seedText(name);
    it(`${name}: as given`, () => {
      expect(normaliseForComparison(documentText(doc(name)))).toBe(normaliseForComparison(source));
    });
    it(`${name}: given as NFD with CRLF line endings, gives the same document`, () => {
      const variant = source.normalize('NFD').replace(/\n/g, '\r\n');
      expect(variant).not.toBe(source);
      const again = parsePlanText(variant);
      expect(again).toEqual(parsed[name]);
      expect(normaliseForComparison(documentText(again.document))).toBe(normaliseForComparison(source));
    });
  }

  it('the check sees a dropped node, a moved node and a changed word', () => {
    const d = doc('laoCai');
    const src = normaliseForComparison(seedText('laoCai'));
    const dropped = { ...d, nodes: d.nodes.filter((n) => n.key !== 'n40') };
    const moved = { ...d, nodes: [d.nodes[1], d.nodes[0], ...d.nodes.slice(2)] };
    const changed = { ...d, nodes: d.nodes.map((n) => (n.key === 'n3' ? { ...n, text: n.text.replace('ma túy', 'ma tuý') } : n)) };
    for (const broken of [dropped, moved, changed]) expect(normaliseForComparison(documentText(broken))).not.toBe(src);
  });

  it('stored text carries no markdown: no ** or *, no "##", no escapes', () => {
    for (const name of Object.keys(SEEDS) as SeedName[]) {
      const text = documentText(doc(name));
      expect(text).not.toMatch(/\*|^#|\\_/m);
    }
    expect(node(doc('bacGiang'), 'Kế hoạch triển khai Tháng hành động').text).toContain('Email: congan_vt@bacgiang.gov.vn;');
  });
});

describe('Lào Cai (province, peak campaign)', () => {
  const d = doc('laoCai');

  it('header: number not yet given, symbol, place and date line, kind, title', () => {
    expect(d.header).toEqual({
      issuingBody: null,
      number: null,
      symbol: 'KH-UBND',
      place: 'Lào Cai',
      dateLine: 'Lào Cai, ngày tháng năm 2024',
      issuedDate: null,
      documentKind: 'KẾ HOẠCH',
      title:
        'Mở đợt cao điểm tổng điều tra, rà soát, xác minh và tập trung đấu tranh truy quét tội phạm về ma túy trên địa bàn tỉnh Lào Cai',
    });
  });

  it('legal bases: Chỉ thị 36-CT/TW and Quyết định 1425/QĐ-TTg', () => {
    expect(basis(d)).toEqual([
      { type: 'DIRECTIVE', number: '36-CT/TW', date: '2019-08-16', issuer: 'Bộ Chính trị' },
      { type: 'DECISION', number: '1425/QĐ-TTg', date: '2021-08-31', issuer: 'Thủ tướng Chính phủ' },
    ]);
    expect(d.legalBases[0].title).toBe('về tăng cường, nâng cao hiệu quả công tác phòng, chống và kiểm soát ma túy');
    expect(d.legalBases[1].title).toBe('về phê duyệt Chương trình phòng, chống ma túy giai đoạn 2021 - 2025');
    expect(d.preamble.startsWith('Thực hiện Chỉ thị số 36-CT/TW')).toBe(true);
    expect(d.preamble.endsWith('trên địa bàn tỉnh như sau:')).toBe(true);
  });

  it('five sections with 3, 3, 2, 9 and 4 items; sub-items under their item', () => {
    expect(sectionOutline(d)).toEqual([
      ['I.', 3],
      ['II.', 3],
      ['III.', 2],
      ['IV.', 9],
      ['V.', 4],
    ]);
    expect(childLabels(d, node(d, 'Chỉ tiêu cụ thể trong thực hiện cao điểm'))).toEqual(['2.1.', '2.2.', '2.3.']);
    expect(childLabels(d, node(d, 'Công tác tổng điều tra rà soát'))).toEqual(['3.1.', '3.2.']);
    expect(d.nodes).toHaveLength(107);
  });

  it('rejoins lines broken by page ends, also across blank lines', () => {
    expect(node(d, 'Giai đoạn chuẩn bị').text).toContain('chuẩn bị các nội dung, điều kiện, lực lượng, phương tiện... sẵn sàng');
    expect(node(d, 'Các huyện, thị xã, thành phố chỉ đạo').text).toContain('ít nhất 20 buổi tuyên truyền phòng, chống ma túy; tập trung');
    // "Riêng các huyện …" starts its own paragraph: the line above ends a sentence.
    expect(node(d, 'Riêng các huyện').kind).toBe('PARAGRAPH');
  });

  it('three phases with dates and goals, and the campaign period that "trong cao điểm" refers to', () => {
    expect(d.phases.map(({ key, name, startDate, endDate }) => ({ key, name, startDate, endDate }))).toEqual([
      { key: 'campaign', name: 'Thời gian thực hiện cao điểm', startDate: '2024-09-01', endDate: '2024-12-14' },
      { key: 'p1', name: 'Giai đoạn chuẩn bị', startDate: null, endDate: '2024-08-31' },
      { key: 'p2', name: 'Giai đoạn 1', startDate: '2024-09-01', endDate: '2024-10-31' },
      { key: 'p3', name: 'Giai đoạn 2', startDate: '2024-11-01', endDate: '2024-12-14' },
    ]);
    expect(d.phases[1].goal).toBeNull();
    expect(d.phases[2].goal).toMatch(/^Đấu tranh triệt xóa 100% điểm bán lẻ/);
    expect(d.phases[3].goal).toMatch(/^Duy trì kết quả đạt được ở Giai đoạn 1;/);
  });

  it('160 vụ for the districts = 45+10+21+35+21+10+8+7+3', () => {
    const t = d.targets.find((x) => x.value === 160)!;
    expect(t).toMatchObject({ unitOfMeasure: 'vụ', comparator: 'EXACT', metric: 'phát hiện, bắt giữ, khởi tố', phaseKey: 'campaign' });
    expect(t.responsible).toEqual({ name: 'Các huyện, thị xã, thành phố', sector: 'PEOPLES_COMMITTEE', subordinateCommittees: true });
    expect(t.allocations).toEqual([
      { assignee: 'thành phố Lào Cai', value: 45 },
      { assignee: 'thị xã Sa Pa', value: 10 },
      { assignee: 'huyện Bảo Thắng', value: 21 },
      { assignee: 'huyện Văn Bàn', value: 35 },
      { assignee: 'huyện Bát Xát', value: 21 },
      { assignee: 'huyện Bảo Yên', value: 10 },
      { assignee: 'huyện Mường Khương', value: 8 },
      { assignee: 'huyện Bắc Hà', value: 7 },
      { assignee: 'huyện Si Ma Cai', value: 3 },
    ]);
    expect(t.allocations.reduce((s, a) => s + a.value, 0)).toBe(160);
    expect([t.periodStart, t.periodEnd]).toEqual(['2024-09-01', '2024-10-31']);
    expect(parsed.laoCai.report.warnings.filter((w) => w.code === 'ALLOCATION_SUM')).toEqual([]);
  });

  it('arrest targets per agency: Công an tỉnh 35, Biên phòng 10, Hải quan 02', () => {
    const arrests = d.targets.filter((t) => t.metric === 'phát hiện, bắt giữ, khởi tố' && t.allocations.length === 0);
    expect(arrests.map((t) => [t.responsible?.name, t.responsible?.sector, t.value, t.unitOfMeasure])).toEqual([
      ['Các phòng nghiệp vụ Công an tỉnh', 'POLICE', 35, 'vụ'],
      ['Phòng nghiệp vụ, Đoàn, Trạm thuộc Bộ chỉ huy Bộ đội Biên phòng tỉnh', 'BORDER_GUARD', 10, 'vụ'],
      ['Cục Hải quan tỉnh', 'CUSTOMS', 2, 'vụ'],
    ]);
  });

  it('compulsory rehabilitation: 100/10/22/25/18/15/9/20/3 đối tượng, no total given', () => {
    const t = d.targets.find((x) => x.unitOfMeasure === 'đối tượng')!;
    expect(t.value).toBeNull();
    expect(t.metric).toBe('Phối hợp lập hồ sơ, đưa các đối tượng vào cơ sở cai nghiện bắt buộc');
    expect(t.allocations.map((a) => a.value)).toEqual([100, 10, 22, 25, 18, 15, 9, 20, 3]);
    expect(t.allocations.map((a) => a.assignee)).toEqual([
      'thành phố Lào Cai',
      'thị xã Sa Pa',
      'huyện Bảo Thắng',
      'Văn Bàn',
      'huyện Bát Xát',
      'huyện Bảo Yên',
      'huyện Bắc Hà',
      'huyện Mường Khương',
      'huyện Si Ma Cai',
    ]);
  });

  it('propaganda targets: "ít nhất N buổi" per agency, and percentages', () => {
    const sessions = d.targets.filter((t) => t.unitOfMeasure === 'buổi');
    expect(sessions.map((t) => [t.responsible?.name ?? null, t.comparator, t.value])).toEqual([
      ['Công an tỉnh', 'AT_LEAST', 10],
      ['Tỉnh đoàn', 'AT_LEAST', 10],
      ['Hội Liên hiệp phụ nữ tỉnh', 'AT_LEAST', 5],
      ['Các huyện, thị xã, thành phố', 'AT_LEAST', 20],
      [null, 'AT_LEAST', 5],
    ]);
    expect(sessions[1].metric).toBe('tuyên truyền phòng, chống ma túy');
    const percents = d.targets.filter((t) => t.unitOfMeasure === '%');
    expect(percents.map((t) => [t.value, t.metric, t.phaseKey])).toEqual([
      [100, 'điểm bán lẻ, đối tượng bán lẻ, điểm, tụ điểm phức tạp về ma túy, điểm, tụ điểm tổ chức sử dụng trái phép chất ma túy', 'p2'],
      [95, 'người sử dụng trái phép chất ma túy', 'campaign'],
      [100, 'người nghiện ma túy có hồ sơ, tài liệu quản lý', 'campaign'],
    ]);
    expect(d.targets).toHaveLength(14);
  });

  it('reporting milestones and the deadline for subordinate plans', () => {
    expect(d.milestones.map(({ kind, title, dueDate, recipient }) => ({ kind, title, dueDate, recipient }))).toEqual([
      { kind: 'PLAN_SUBMISSION', title: 'gửi Kế hoạch', dueDate: '2024-08-30', recipient: 'UBND tỉnh (qua Công an tỉnh)' },
      {
        kind: 'RESULT_REPORT',
        title: 'Báo cáo kết quả 01 tháng thực hiện',
        dueDate: '2024-10-03',
        recipient: 'UBND tỉnh (qua Công an tỉnh, gmail: cdcspv01laocai@gmail.com)',
      },
      {
        kind: 'INTERIM_REVIEW',
        title: 'Báo cáo sơ kết giai đoạn 1',
        dueDate: '2024-11-03',
        recipient: 'UBND tỉnh (qua Công an tỉnh, gmail: cdcspv01laocai@gmail.com)',
      },
      {
        kind: 'FINAL_REVIEW',
        title: 'Báo cáo tổng kết đợt cao điểm',
        dueDate: '2024-12-18',
        recipient: 'UBND tỉnh (qua Công an tỉnh, gmail: cdcspv01laocai@gmail.com)',
      },
    ]);
  });

  it('tasks: lead and cooperating agencies from "X chủ trì, phối hợp với Y", with a deadline', () => {
    const t = node(d, 'Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh').task!;
    expect(t.lead).toEqual([{ name: 'Công an tỉnh', sector: 'POLICE' }]);
    expect(t.cooperating).toEqual([
      { name: 'Văn phòng UBND tỉnh', sector: 'OFFICE' },
      { name: 'các đơn vị có liên quan', sector: null },
    ]);
    expect(t.timing).toEqual({ kind: 'BY_DATE', dueDate: '2024-08-30', recurring: false, text: 'hoàn thành trước ngày 30/8/2024' });
  });

  it('tasks: "X:" heads, several agencies, recurring, and a deadline combined with recurring', () => {
    const media = node(d, 'Sở Thông tin và Truyền thông, Đài Phát thanh').task!;
    expect(media.lead).toEqual([
      { name: 'Sở Thông tin và Truyền thông', sector: 'INFORMATION' },
      { name: 'Đài Phát thanh và Truyền hình tỉnh', sector: 'MEDIA' },
      { name: 'Báo Lào Cai', sector: 'MEDIA' },
    ]);
    expect(media.timing).toMatchObject({ kind: 'BY_DATE', dueDate: '2024-10-15', recurring: true });
    expect(node(d, 'Sở Văn hóa và Thể thao:').task).toMatchObject({
      lead: [{ name: 'Sở Văn hóa và Thể thao', sector: 'CULTURE' }],
      timing: { kind: 'RECURRING', recurring: true, text: 'thực hiện thường xuyên' },
    });
    expect(names(node(d, 'Đề nghị Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh').task?.lead)).toEqual([
      'Tỉnh đoàn',
      'Hội Liên hiệp Phụ nữ tỉnh',
      'Hội Cựu chiến binh tỉnh',
      'Hội Người cao tuổi tỉnh',
      'Hội Nông dân tỉnh',
    ]);
  });

  it('tasks: a bracket "(Sở Y tế chủ trì phối hợp … thực hiện trong cao điểm và thường xuyên)"', () => {
    const t = node(d, '(Sở Y tế chủ trì phối hợp').task!;
    expect(t.lead).toEqual([{ name: 'Sở Y tế', sector: 'HEALTH' }]);
    expect(t.cooperating).toEqual([
      { name: 'các sở, ban, ngành, đoàn thể', sector: null },
      { name: 'UBND cấp huyện, cấp xã', sector: 'PEOPLES_COMMITTEE', subordinateCommittees: true },
    ]);
    expect(t.timing).toMatchObject({ kind: 'DURING_PHASE', phaseKey: 'campaign', recurring: true });
  });

  it('tasks: a bracket paragraph assigns the bullets above it that name no agency', () => {
    // The first bullet names its own agencies; the two after it are assigned by the bracket.
    expect(names(node(d, 'Đề nghị các cơ quan tiến hành tố tụng').task?.lead)).toEqual(['các cơ quan tiến hành tố tụng']);
    for (const start of ['Thực hiện hiệu quả công tác tiếp nhận', 'Tiếp tục nâng cao hiệu quả công tác phối hợp lập hồ sơ']) {
      expect(names(node(d, start).task?.lead)).toEqual([
        'Cơ quan điều tra thuộc Công an tỉnh',
        'Viện Kiểm sát nhân dân tỉnh',
        'Toà án nhân dân tỉnh',
      ]);
      expect(node(d, start).task?.timing?.kind).toBe('RECURRING');
    }
  });

  it('tasks: field bullets "Đơn vị chủ trì / Cơ quan phối hợp / Thời gian thực hiện" fill their heading', () => {
    const heading = d.nodes.find((n) => n.label === '3.2.' && n.text === 'Phân công thực hiện')!;
    expect(names(heading.task?.lead)).toEqual(['Công an tỉnh Lào Cai']);
    expect(names(heading.task?.cooperating)).toEqual([
      'Bộ Chỉ huy Bộ đội Biên phòng tỉnh',
      'Cục Hải quan tỉnh',
      'Cục Quản lý thị trường tỉnh',
      'Sở Công Thương',
      'Sở Y tế',
      'các sở, ban, ngành, đoàn thể liên quan',
      'UBND các huyện, thị xã, thành phố đến cấp xã',
    ]);
    expect(heading.task?.timing).toMatchObject({ kind: 'BY_DATE', dueDate: '2024-08-30', recurring: true });
    expect(node(d, 'Đơn vị chủ trì: Công an tỉnh Lào Cai.').task).toBeNull();
  });

  it('recipients and signature', () => {
    expect(d.recipients).toHaveLength(12);
    expect(d.recipients[0]).toBe('Văn phòng Chính phủ;');
    expect(d.recipients[11]).toBe('Lưu: VT, BBT, TH3, VX3, NC1.');
    expect(d.signature).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: 'Trịnh Xuân Trường' });
  });

  it('report: nothing unclassified, every agency has a sector guess', () => {
    expect(parsed.laoCai.report).toEqual({ unclassified: [], unknownAgencies: [], warnings: [] });
  });
});

describe('Bắc Giang (province, action month)', () => {
  const d = doc('bacGiang');

  it('header without number or date line; bold title', () => {
    expect(d.header).toMatchObject({
      number: null,
      symbol: null,
      dateLine: null,
      documentKind: 'KẾ HOẠCH',
      title: 'Triển khai Tháng hành động phòng, chống ma túy năm 2024',
    });
  });

  it('legal bases: Công văn 3631/VPCP-KGVX and Kế hoạch 255/KH-BCA', () => {
    expect(basis(d)).toEqual([
      { type: 'OFFICIAL_LETTER', number: '3631/VPCP-KGVX', date: '2024-05-27', issuer: 'Văn phòng Chính phủ' },
      { type: 'PLAN', number: '255/KH-BCA', date: '2024-05-28', issuer: 'Bộ Công an' },
    ]);
    expect(d.legalBases[0].title).toBe(
      'về việc triển khai Tháng hành động phòng, chống ma túy năm 2024 với chủ đề “Chung tay xây dựng xã, phường, thị trấn sạch ma túy”',
    );
  });

  it('three sections with 3, 10 and 2 items', () => {
    expect(sectionOutline(d)).toEqual([
      ['I.', 3],
      ['II.', 10],
      ['III.', 2],
    ]);
  });

  it('section II: ten numbered assignments, each led by the agency its heading names', () => {
    const section = d.nodes.find((n) => n.kind === 'SECTION' && n.label === 'II.')!;
    const items = d.nodes.filter((n) => n.parentKey === section.key);
    expect(items.map((n) => [n.label, names(n.task?.lead)])).toEqual([
      ['1.', ['Công an tỉnh']],
      ['2.', ['Bộ Chỉ huy Quân sự tỉnh']],
      ['3.', ['Sở Lao động - Thương binh và Xã hội']],
      ['4.', ['Sở Y tế']],
      ['5.', ['Sở Thông tin và Truyền thông']],
      ['6.', ['Sở Văn hoá, Thể thao và Du lịch']],
      ['7.', ['Sở Giáo dục và Đào tạo', 'Tỉnh Đoàn thanh niên']],
      ['8.', ['Viện kiểm sát nhân dân', 'Tòa án nhân dân tỉnh', 'Cục Thi hành án dân sự tỉnh']],
      [
        '9.',
        [
          'Các sở, ngành thành viên Ban chỉ đạo phòng, chống tội phạm tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc tỉnh',
        ],
      ],
      ['10.', ['UBND huyện, thành phố, thị xã']],
    ]);
    expect(items.map((n) => n.task?.lead[0].sector)).toEqual([
      'POLICE',
      'MILITARY',
      'LABOUR_SOCIAL',
      'HEALTH',
      'INFORMATION',
      'CULTURE',
      'EDUCATION',
      'PROCURACY',
      null,
      'PEOPLES_COMMITTEE',
    ]);
    expect(items[9].task?.lead[0].subordinateCommittees).toBe(true);
    // The bullets under "1. Công an tỉnh" are Công an tỉnh's tasks.
    const bullets = d.nodes.filter((n) => n.parentKey === items[0].key);
    expect(bullets).toHaveLength(4);
    for (const b of bullets) expect(names(b.task?.lead)).toEqual(['Công an tỉnh']);
    expect(names(bullets[2].task?.cooperating)).toEqual(['các sở, ngành, địa phương']);
  });

  it('the month 01/6/2024–30/6/2024 and the report deadline as written (04/7/2023)', () => {
    expect(d.phases).toEqual([
      {
        key: 'campaign',
        nodeKey: node(d, 'Kế hoạch triển khai Tháng hành động PCMT năm 2024').key,
        name: 'Kế hoạch triển khai Tháng hành động PCMT năm 2024',
        startDate: '2024-06-01',
        endDate: '2024-06-30',
        goal: null,
      },
    ]);
    expect(d.milestones).toHaveLength(1);
    expect(d.milestones[0]).toMatchObject({ kind: 'RESULT_REPORT', dueDate: '2023-07-04', title: 'báo cáo kết quả thực hiện' });
    expect(d.milestones[0].recipient).toMatch(/^UBND tỉnh \(qua Công an tỉnh, Địa chỉ: đường Hùng Vương/);
    expect(d.targets).toEqual([]);
  });

  it('signature with no authority line; recipients', () => {
    expect(d.signature).toEqual({ authority: null, title: 'CHỦ TỊCH', signerName: 'Lê Ánh Dương' });
    expect(d.recipients).toHaveLength(13);
    expect(d.recipients.at(-1)).toBe('Lưu: VT, NC.Bên.');
  });

  it('report: the one agency without a sector', () => {
    expect(parsed.bacGiang.report).toEqual({ unclassified: [], unknownAgencies: ['Cục Thi hành án dân sự tỉnh'], warnings: [] });
  });
});

describe('Dương Quang (commune, drug-free roadmap)', () => {
  const d = doc('duongQuang');

  it('header and a title that itself starts with "Thực hiện"', () => {
    expect(d.header).toMatchObject({ number: null, symbol: 'KH-UBND', place: 'Dương Quang', documentKind: 'KẾ HOẠCH' });
    expect(d.header.title).toBe(
      'Thực hiện Đề án: Chuyển hóa, xây dựng xã, xã trên địa bàn thị xã không có ma túy giai đoạn 2023-2025, tầm nhìn đến năm 2030',
    );
  });

  it('parent basis: Kế hoạch 26/KH-UBND of 22/01/2024 of thị xã Mỹ Hào', () => {
    expect(basis(d)).toEqual([{ type: 'PLAN', number: '26/KH-UBND', date: '2024-01-22', issuer: 'Ủy ban nhân dân thị xã Mỹ Hào' }]);
  });

  it('three sections with 2, 6 and 2 items', () => {
    expect(sectionOutline(d)).toEqual([
      ['I.', 2],
      ['II.', 6],
      ['III.', 2],
    ]);
  });

  it('the roadmap: targets per year (2024, 2025, 2026–2030)', () => {
    const roadmap = d.targets.filter((t) => t.metric === 'doanh nghiệp, trường học đạt tiêu chuẩn không có ma túy');
    expect(roadmap.map((t) => [t.year, t.value, t.unitOfMeasure, t.comparator, t.periodStart, t.periodEnd])).toEqual([
      [2024, 50, '%', 'AT_LEAST', null, null],
      [2025, 50, '%', 'EXACT', null, null],
      [2030, 100, '%', 'EXACT', '2026-01-01', '2030-12-31'],
    ]);
    const by2025 = d.targets.filter((t) => t.nodeKey === node(d, 'Phấn đấu đến năm 2025').key);
    expect(by2025.map((t) => [t.year, t.value, t.comparator])).toEqual([
      [2025, 50, 'AT_LEAST'],
      [2025, 85, 'EXACT'],
    ]);
    expect(d.targets.find((t) => t.unitOfMeasure === 'cuộc')).toMatchObject({ comparator: 'AT_LEAST', value: 1 });
    expect(d.targets).toHaveLength(6);
  });

  it('the stray "Đánh" above "Nơi nhận" stays in the tree and is reported', () => {
    const stray = node(d, 'Đánh');
    expect(stray.kind).toBe('PARAGRAPH');
    expect(parsed.duongQuang.report.unclassified).toEqual([
      { nodeKey: stray.key, text: 'Đánh', reason: 'Fragment: a few words that end no sentence' },
    ]);
    expect(d.recipients[0]).toBe('Công an thị xã (qua Đội CSĐTTP về HS, KT, MT); (Để báo cáo)');
    expect(d.recipients).toHaveLength(6);
    expect(d.signature).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: 'Nguyễn Hữu Tuấn' });
  });

  it('tasks: "Công an xã chủ trì phối hợp với …" and "Giao Công an xã …"', () => {
    expect(node(d, 'Công an xã chủ trì').task).toMatchObject({
      lead: [{ name: 'Công an xã', sector: 'POLICE' }],
      cooperating: [{ name: 'các ban, ngành liên quan', sector: null }],
    });
    expect(names(node(d, 'Giao Công an xã').task?.lead)).toEqual(['Công an xã']);
    // "UBND xã" is the plan's own committee, not its subordinates.
    expect(node(d, 'UBND xã thực hiện').task?.lead).toEqual([{ name: 'UBND xã', sector: 'PEOPLES_COMMITTEE' }]);
  });
});

describe('Gia Lai ward (KL 132, every line hard-wrapped)', () => {
  const d = doc('giaLai');

  it('a title over five lines', () => {
    expect(d.header.title).toBe(
      'Triển khai thực hiện Nghị quyết số 93/NQ-CP ngày 16/4/2025 của Chính phủ ban hành Kế hoạch thực hiện Kết luận số 132-KL/TW ngày 18/3/2025 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị về tăng cường, nâng cao hiệu quả công tác phòng, chống và kiểm soát ma túy trên địa bàn phường',
    );
  });

  it('parent basis: Kế hoạch 45/KH-UBND of 24/8/2025 of the province; the documents it implements are its title', () => {
    expect(basis(d)).toEqual([{ type: 'PLAN', number: '45/KH-UBND', date: '2025-08-24', issuer: 'Ủy ban nhân dân tỉnh Gia Lai' }]);
    expect(d.legalBases[0].title).toMatch(/^về triển khai thực hiện Nghị quyết số 93\/NQ-CP .* trên địa bàn tỉnh$/);
  });

  it('three sections with 2, 9 and 4 items; points and bullets under them', () => {
    expect(sectionOutline(d)).toEqual([
      ['I.', 2],
      ['II.', 9],
      ['III.', 4],
    ]);
    const item4 = d.nodes.find((n) => n.label === '4.' && n.text.startsWith('Tăng cường công tác tuyên truyền'))!;
    expect(item4.text).toBe('Tăng cường công tác tuyên truyền, giáo dục, phòng ngừa tội phạm và tệ nạn ma túy');
    expect(d.nodes.filter((n) => n.parentKey === item4.key).map((n) => n.label)).toEqual(['a)', 'b)', 'c)', 'd)', 'đ)', 'e)', 'g)']);
  });

  it('rejoins wrapped lines, also a word broken by a hyphen and a list run on after a colon', () => {
    expect(node(d, 'Đề nghị Ủy ban MTTQ Việt Nam phường').text).toContain(
      'Kế hoạch của Chính phủ thực hiện Kết luận số 132- KL/TW đến toàn bộ cán bộ',
    );
    expect(node(d, 'Tham mưu UBND phường tham gia nghiên cứu').text).toContain('vào làm việc như: miễn, giảm tiền thuê đất');
    expect(node(d, 'Chỉ đạo Hội Nông dân').parentKey).toBe(node(d, 'Đề nghị Mặt trận Tổ quốc Việt Nam phường').key);
  });

  it('point headings that name an agency lead the bullets under them', () => {
    const heading = node(d, 'Công an phường chủ trì, phối hợp với các phòng, ban phường');
    expect(heading.label).toBe('a)');
    const bullets = d.nodes.filter((n) => n.parentKey === heading.key);
    expect(bullets).toHaveLength(3);
    for (const b of bullets) {
      expect(names(b.task?.lead)).toEqual(['Công an phường']);
      expect(names(b.task?.cooperating)).toEqual(['các phòng, ban phường']);
    }
    expect(bullets[1].task?.timing).toMatchObject({ kind: 'WITHIN_PERIOD', periodStart: '2025-10-01', periodEnd: '2025-12-31' });
    expect(node(d, 'Trạm Y tế: Chủ trì').task).toMatchObject({
      lead: [{ name: 'Trạm Y tế', sector: 'HEALTH' }],
      cooperating: [
        { name: 'Công an phường', sector: 'POLICE' },
        { name: 'các phòng, ban ngành, đơn vị liên quan', sector: null },
      ],
    });
  });

  it('"ít nhất 50%" targets by 2030', () => {
    expect(d.targets.map((t) => [t.comparator, t.value, t.unitOfMeasure, t.year])).toEqual([
      ['AT_LEAST', 50, '%', 2030],
      ['AT_LEAST', 50, '%', 2030],
    ]);
    expect(d.targets[1].responsible).toEqual({ name: 'Công an phường', sector: 'POLICE' });
  });

  it('footer and report', () => {
    expect(d.recipients).toHaveLength(12);
    expect(d.signature).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: 'Vũ Mạnh Định' });
    expect(d.milestones).toEqual([]);
    expect(parsed.giaLai.report).toEqual({ unclassified: [], unknownAgencies: ['Trang thông tin điện tử của phường'], warnings: [] });
  });
});

describe('inputs without the usual anatomy', () => {
  it.each([
    ['empty', ''],
    ['one line', 'Chỉ một dòng'],
    ['a body only', 'I. MỤC ĐÍCH\n1. Việc một.\n- a\n+ b\n+ c\n2. Việc hai'],
  ])('%s: parses without throwing, keeps the text and warns', (_name, source) => {
    const { document: d, report } = parsePlanText(source);
    expect(normaliseForComparison(documentText(d))).toBe(normaliseForComparison(source));
    expect(report.warnings).toContainEqual({
      code: 'NO_KIND_LINE',
      message: 'No document kind line ("KẾ HOẠCH") found: the header is empty',
      values: [],
    });
  });

  it('"+" bullets hang under the "-" bullet above them', () => {
    const { document: d } = parsePlanText('I. MỤC ĐÍCH\n1. Việc một.\n- a\n+ b\n+ c\n2. Việc hai');
    expect(d.nodes.map((n) => [n.label, n.parentKey])).toEqual([
      ['I.', null],
      ['1.', 'n1'],
      ['-', 'n2'],
      ['+', 'n3'],
      ['+', 'n3'],
      ['2.', 'n1'],
    ]);
  });
});

describe('header variants', () => {
  it('reads issuing body, number and a complete date; drops the national motto', () => {
    const source = [
      'ỦY BAN NHÂN DÂN',
      'TỈNH LÀO CAI',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 45/KH-UBND',
      'Lào Cai, ngày 05 tháng 01 năm 2024',
      'KẾ HOẠCH',
      'Về việc thử',
      'Căn cứ Luật Tổ chức chính quyền địa phương;',
      'I. MỤC ĐÍCH',
      '1. Một việc.',
    ].join('\n');
    const { document: d } = parsePlanText(source);
    expect(d.header).toEqual({
      issuingBody: 'ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI',
      number: '45',
      symbol: 'KH-UBND',
      place: 'Lào Cai',
      dateLine: 'Lào Cai, ngày 05 tháng 01 năm 2024',
      issuedDate: '2024-01-05',
      documentKind: 'KẾ HOẠCH',
      title: 'Về việc thử',
    });
    // What is excluded from the text check: the two national motto lines, and only them.
    const withoutMotto = source.replace('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n', '');
    expect(normaliseForComparison(documentText(d))).toBe(normaliseForComparison(withoutMotto));
  });
});

describe('periodic reports (docs/REPORTS.md, "Periodic milestones")', () => {
  const milestonesOf = (body: string) =>
    parsePlanText(`KẾ HOẠCH\nThử\nI. TỔ CHỨC THỰC HIỆN\n${body}`).document.milestones.map(
      ({ kind, title, dueDate, recurrence, dueDay }) => ({
        kind,
        title,
        dueDate,
        recurrence: recurrence ?? null,
        dueDay: dueDay ?? null,
      }),
    );

  it('"định kỳ hằng tháng … trước ngày 20" is a monthly report due on the 20th of each period', () => {
    expect(milestonesOf('1. Công an huyện báo cáo định kỳ hằng tháng kết quả thực hiện về UBND huyện trước ngày 20.')).toEqual([
      {
        kind: 'RESULT_REPORT',
        title: 'báo cáo định kỳ hằng tháng kết quả thực hiện',
        dueDate: null,
        recurrence: 'MONTH',
        dueDay: 20,
      },
    ]);
  });

  it('a list of recurrences makes one milestone each; a full date gives its day; sơ kết recurs too', () => {
    expect(
      milestonesOf(
        ['1. Định kỳ 6 tháng, hằng năm báo cáo kết quả về UBND tỉnh trước ngày 15/12/2024.', '2. Định kỳ hàng quý tổ chức sơ kết.'].join(
          '\n',
        ),
      ),
    ).toEqual([
      { kind: 'RESULT_REPORT', title: 'báo cáo kết quả', dueDate: '2024-12-15', recurrence: 'HALF_YEAR', dueDay: 15 },
      { kind: 'RESULT_REPORT', title: 'báo cáo kết quả', dueDate: '2024-12-15', recurrence: 'YEAR', dueDay: 15 },
      { kind: 'INTERIM_REVIEW', title: 'Định kỳ hàng quý tổ chức sơ kết', dueDate: null, recurrence: 'QUARTER', dueDay: null },
    ]);
  });

  it('"định kỳ" without a period, and a period without "báo cáo", make no milestone', () => {
    expect(milestonesOf('1. Thực hiện chế độ báo cáo định kỳ, đột xuất về UBND tỉnh.\n2. Định kỳ hằng tháng kiểm tra các cơ sở.')).toEqual(
      [],
    );
  });
});
