/**
 * Content of the benchmark's national plans and of what units add to their own: deterministic
 * from the seed, realistic in shape (the seed plans in api/data/seeds are the model): sections,
 * items, points and bullets; tasks with lead and cooperating agencies and a timing; targets
 * with allocations to the subordinate units; phases; reporting milestones.
 */
import { rng, addDays, type Rng } from './prng.js';
import { AGENCY_TEMPLATES } from '../../api/src/seed/demo.seed.js';

export interface AgencyRefSpec {
  name: string;
  sector: string | null;
  agencyId?: string | null;
  subordinateCommittees?: boolean;
}

export interface TimingSpec {
  kind: 'BY_DATE' | 'WITHIN_PERIOD' | 'DURING_PHASE' | 'RECURRING';
  dueDate?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  phaseKey?: string | null;
  recurring?: boolean;
  text: string;
}

export interface TaskSpec {
  lead: AgencyRefSpec[];
  cooperating: AgencyRefSpec[];
  timing: TimingSpec | null;
}

export interface NodeSpec {
  key: string;
  parentKey: string | null;
  kind: 'SECTION' | 'ITEM' | 'POINT' | 'BULLET' | 'PARAGRAPH';
  label: string | null;
  text: string;
  task: TaskSpec | null;
}

export interface TargetSpec {
  key: string;
  nodeKey: string;
  metric: string;
  unitOfMeasure: string;
  comparator: 'AT_LEAST' | 'EXACT' | 'AT_MOST';
  value: number;
  responsible: AgencyRefSpec;
  allocations: { assignee: string; unitId: number; value: number }[];
}

export interface RootPlanSpec {
  title: string;
  periodStart: string;
  periodEnd: string;
  submissionDeadline: string;
  issuedDate: string;
  number: string;
  signerName: string;
  legalBases: { type: string; number: string; date: string; issuer: string; title: string }[];
  phases: { key: string; name: string; startDate: string; endDate: string; goal: string }[];
  nodes: NodeSpec[];
  targets: TargetSpec[];
  milestones: { key: string; nodeKey: string; kind: string; title: string; dueDate: string; recipient: string }[];
}

/** Agencies of the national level named in national plans (no agency rows: mapped by sector). */
export const CENTRAL_AGENCIES: [string, string][] = [
  ['Bộ Công an', 'POLICE'],
  ['Bộ Quốc phòng', 'MILITARY'],
  ['Bộ Tư lệnh Bộ đội Biên phòng', 'BORDER_GUARD'],
  ['Cục Hải quan', 'CUSTOMS'],
  ['Bộ Y tế', 'HEALTH'],
  ['Bộ Giáo dục và Đào tạo', 'EDUCATION'],
  ['Bộ Văn hóa, Thể thao và Du lịch', 'CULTURE'],
  ['Bộ Thông tin và Truyền thông', 'INFORMATION'],
  ['Bộ Lao động - Thương binh và Xã hội', 'LABOUR_SOCIAL'],
  ['Bộ Tư pháp', 'JUSTICE'],
  ['Bộ Tài chính', 'FINANCE'],
  ['Bộ Nội vụ', 'HOME_AFFAIRS'],
  ['Bộ Công Thương', 'INDUSTRY_TRADE'],
  ['Bộ Nông nghiệp và Môi trường', 'AGRICULTURE'],
  ['Viện Kiểm sát nhân dân tối cao', 'PROCURACY'],
  ['Tòa án nhân dân tối cao', 'COURT'],
  ['Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam', 'FATHERLAND_FRONT'],
  ['Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh', 'YOUTH_UNION'],
  ['Trung ương Hội Liên hiệp Phụ nữ Việt Nam', 'WOMEN_UNION'],
  ['Trung ương Hội Cựu chiến binh Việt Nam', 'VETERANS'],
  ['Đài Truyền hình Việt Nam', 'MEDIA'],
  ['Văn phòng Chính phủ', 'OFFICE'],
];
/** Sectors that lead most tasks (police drafts these plans). */
const LEAD_WEIGHTS: Record<string, number> = { POLICE: 8, HEALTH: 3, EDUCATION: 3, CULTURE: 2, LABOUR_SOCIAL: 2, INFORMATION: 2 };

export const SUBORDINATE_COMMITTEES: AgencyRefSpec = {
  name: 'Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương',
  sector: 'PEOPLES_COMMITTEE',
  subordinateCommittees: true,
};

/** Agencies per unit level ({x}: the unit's name inside a sentence): the demo data's own. */
export { AGENCY_TEMPLATES };

/** "Thành phố Lào Cai" → "thành phố Lào Cai" (as demo.seed names agencies). */
export function inlineName(name: string): string {
  return name.replace(/^(Huyện|Quận|Thị xã|Thành phố|Xã|Phường|Thị trấn|Đặc khu)/, (m) => m.toLowerCase());
}

const ACTIONS = [
  'tổ chức tuyên truyền, phổ biến pháp luật về phòng, chống ma túy đến từng khu dân cư, trường học',
  'rà soát, thống kê, lập hồ sơ quản lý người sử dụng trái phép chất ma túy trên địa bàn',
  'mở các đợt cao điểm tấn công, trấn áp tội phạm về ma túy, triệt xóa các điểm, tụ điểm phức tạp',
  'kiểm tra, kiểm soát chặt chẽ các cơ sở kinh doanh dịch vụ có điều kiện về an ninh, trật tự',
  'xác định tình trạng nghiện, tổ chức cai nghiện và quản lý sau cai nghiện theo quy định',
  'lồng ghép nội dung phòng, chống ma túy vào các hoạt động ngoại khóa của học sinh, sinh viên',
  'chỉ đạo các cơ quan báo chí tăng thời lượng, chuyên trang, chuyên mục về phòng, chống ma túy',
  'hỗ trợ người sau cai nghiện học nghề, tạo việc làm, tái hòa nhập cộng đồng',
  'hướng dẫn, kiểm tra việc thực hiện các quy định về trình tự, thủ tục xác định tình trạng nghiện',
  'bố trí kinh phí bảo đảm cho công tác phòng, chống ma túy theo phân cấp ngân sách hiện hành',
  'kiểm soát chặt chẽ tiền chất, thuốc gây nghiện, thuốc hướng thần tại các cơ sở y tế, nhà thuốc',
  'phối hợp tuần tra, kiểm soát tại các tuyến biên giới, cửa khẩu, đường mòn, lối mở',
  'phát động phong trào toàn dân tham gia phòng, chống tội phạm, tố giác tội phạm về ma túy',
  'đẩy nhanh tiến độ điều tra, truy tố, xét xử các vụ án về ma túy, đưa ra xét xử lưu động',
  'xây dựng, nhân rộng các mô hình điểm về phòng, chống ma túy tại cơ sở',
  'vận động đoàn viên, hội viên và gia đình không liên quan đến ma túy',
  'tổ chức trồng cây thay thế và kiểm tra, phát hiện, triệt phá diện tích trồng cây có chứa chất ma túy',
  'hướng dẫn các cơ sở kinh doanh karaoke, vũ trường, quán bar ký cam kết không để xảy ra tệ nạn ma túy',
];
const TIMING_TEXTS = {
  RECURRING: 'thực hiện thường xuyên',
  DURING_PHASE: 'trong thời gian cao điểm',
};
const PURPOSES = [
  'Nâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền và toàn dân trong công tác phòng, chống ma túy',
  'Kiềm chế, làm giảm tội phạm và tệ nạn ma túy, không để hình thành các tụ điểm phức tạp',
  'Huy động sức mạnh tổng hợp của cả hệ thống chính trị trong phòng, chống ma túy',
  'Việc triển khai thực hiện phải đồng bộ, thống nhất từ cấp tỉnh đến cấp xã',
  'Gắn trách nhiệm của người đứng đầu với kết quả phòng, chống ma túy tại địa phương',
  'Xác định rõ nhiệm vụ trọng tâm, phân công rõ người, rõ việc, rõ trách nhiệm, rõ thời gian hoàn thành',
  'Thường xuyên kiểm tra, đôn đốc, kịp thời tháo gỡ khó khăn, vướng mắc',
];
const COUNT_TARGETS: [string, string][] = [
  ['số vụ phát hiện, bắt giữ tội phạm về ma túy', 'vụ'],
  ['số buổi tuyên truyền về phòng, chống ma túy', 'buổi'],
  ['số người nghiện được tổ chức cai nghiện', 'người'],
  ['số đối tượng mua bán, tàng trữ trái phép chất ma túy bị xử lý', 'đối tượng'],
];
const RATE_TARGETS: [string, string, number][] = [
  ['tỷ lệ xã, phường, thị trấn không có tệ nạn ma túy', '%', 50],
  ['tỷ lệ người nghiện có hồ sơ quản lý', '%', 100],
];
const VN_POINTS = ['a)', 'b)', 'c)', 'd)', 'đ)', 'e)', 'g)', 'h)', 'i)', 'k)', 'l)', 'm)', 'n)'];
const ROMAN = ['I.', 'II.', 'III.', 'IV.', 'V.', 'VI.', 'VII.'];

const ref = ([name, sector]: [string, string]): AgencyRefSpec => ({ name, sector });

function pickLead(r: Rng): [string, string] {
  const weighted = CENTRAL_AGENCIES.flatMap((a) => Array(LEAD_WEIGHTS[a[1]] ?? 1).fill(a) as [string, string][]);
  return r.pick(weighted);
}

function timing(r: Rng, spec: { periodStart: string; periodEnd: string; phaseKeys: string[] }): TimingSpec {
  const k = r.pick(['BY_DATE', 'BY_DATE', 'WITHIN_PERIOD', 'DURING_PHASE', 'RECURRING', 'RECURRING'] as const);
  if (k === 'BY_DATE') {
    const due = addDays(spec.periodStart, r.int(10, 200));
    const [y, m, d] = due.split('-').map(Number);
    return { kind: 'BY_DATE', dueDate: due, text: `hoàn thành trước ngày ${d}/${m}/${y}` };
  }
  if (k === 'WITHIN_PERIOD') {
    const start = addDays(spec.periodStart, 30 * r.int(0, 4));
    const end = addDays(start, 89);
    return { kind: 'WITHIN_PERIOD', periodStart: start, periodEnd: end, text: `trong quý ${r.pick(['I', 'II', 'III', 'IV'])}` };
  }
  if (k === 'DURING_PHASE') return { kind: 'DURING_PHASE', phaseKey: r.pick(spec.phaseKeys), text: TIMING_TEXTS.DURING_PHASE };
  return { kind: 'RECURRING', recurring: true, text: TIMING_TEXTS.RECURRING };
}

/** A task bullet's text names its agencies, so derivation rewrites them (Bộ Công an → Công an tỉnh). */
function taskText(lead: AgencyRefSpec, coop: AgencyRefSpec[], action: string): string {
  const c = coop.length ? `, phối hợp với ${coop.map((a) => a.name).join(', ')}` : '';
  return `${lead.name} chủ trì${c} ${action}`;
}

/**
 * The national plan: `size` nodes exactly. `children` are the units directly below the
 * national level for this shape, with a weight (their number of communes) for allocations.
 */
export function nationalPlan(opts: {
  seed: string;
  shape: 'old' | 'new';
  size: number;
  children: { id: number; name: string; weight: number }[];
}): RootPlanSpec {
  const r = rng(opts.seed, 'national', opts.shape);
  const year = opts.shape === 'old' ? 2024 : 2025;
  const periodStart = opts.shape === 'old' ? '2024-03-01' : '2025-08-01';
  const periodEnd = addDays(periodStart, 364);
  const issuedDate = opts.shape === 'old' ? '2024-02-20' : '2025-07-20';
  const submissionDeadline = addDays(issuedDate, 30);
  const phases = [
    {
      key: 'ph1',
      name: 'Giai đoạn 1: Triển khai',
      startDate: periodStart,
      endDate: addDays(periodStart, 59),
      goal: 'Quán triệt, xây dựng kế hoạch',
    },
    {
      key: 'ph2',
      name: 'Giai đoạn 2: Cao điểm',
      startDate: addDays(periodStart, 60),
      endDate: addDays(periodStart, 179),
      goal: 'Tấn công, trấn áp tội phạm',
    },
    {
      key: 'ph3',
      name: 'Giai đoạn 3: Sơ kết, tổng kết',
      startDate: addDays(periodStart, 180),
      endDate: periodEnd,
      goal: 'Đánh giá kết quả',
    },
  ];
  const tctx = { periodStart, periodEnd, phaseKeys: phases.map((p) => p.key) };
  const nodes: NodeSpec[] = [];
  let n = 0;
  const add = (parentKey: string | null, kind: NodeSpec['kind'], label: string | null, text: string, task: TaskSpec | null = null) => {
    const key = `n${n++}`;
    nodes.push({ key, parentKey, kind, label, text, task });
    return key;
  };
  const sect = (i: number, text: string) => add(null, 'SECTION', ROMAN[i], text);

  // I. Purpose and requirements (no tasks).
  const s1 = sect(0, 'MỤC ĐÍCH, YÊU CẦU');
  const i11 = add(s1, 'ITEM', '1.', 'Mục đích');
  for (const t of PURPOSES.slice(0, 3)) add(i11, 'BULLET', '-', t);
  const i12 = add(s1, 'ITEM', '2.', 'Yêu cầu');
  for (const t of PURPOSES.slice(3)) add(i12, 'BULLET', '-', t);

  // II. Targets: count targets allocated to the units below, and rates for every unit.
  const s2 = sect(1, 'CHỈ TIÊU');
  const targets: TargetSpec[] = [];
  const totalWeight = opts.children.reduce((s, c) => s + c.weight, 0) || 1;
  COUNT_TARGETS.forEach(([metric, uom], i) => {
    const per = r.int(1, 4);
    const allocations = opts.children.map((c) => ({ assignee: c.name, unitId: c.id, value: Math.max(1, Math.round(c.weight * per)) }));
    const value = allocations.reduce((s, a) => s + a.value, 0) || per * totalWeight;
    const nodeKey = add(s2, 'ITEM', `${i + 1}.`, `Phấn đấu ${metric} đạt ít nhất ${value} ${uom}, phân bổ cho các địa phương`);
    targets.push({
      key: `t${i}`,
      nodeKey,
      metric,
      unitOfMeasure: uom,
      comparator: 'AT_LEAST',
      value,
      responsible: SUBORDINATE_COMMITTEES,
      allocations,
    });
  });
  RATE_TARGETS.forEach(([metric, uom, value], j) => {
    const i = COUNT_TARGETS.length + j;
    const nodeKey = add(s2, 'ITEM', `${i + 1}.`, `Phấn đấu ${metric} đạt ít nhất ${value}${uom}`);
    targets.push({
      key: `t${i}`,
      nodeKey,
      metric,
      unitOfMeasure: uom,
      comparator: 'AT_LEAST',
      value,
      responsible: SUBORDINATE_COMMITTEES,
      allocations: [],
    });
  });

  // V. Reporting (written now so the budget below is what is left).
  const reporting: [string, string, number][] = [
    ['RESULT_REPORT', 'Báo cáo kết quả thực hiện định kỳ hằng tháng', 60],
    ['INTERIM_REVIEW', 'Sơ kết 6 tháng thực hiện Kế hoạch', 180],
    ['FINAL_REVIEW', 'Tổng kết thực hiện Kế hoạch', 300],
  ];
  const fixedTail = 1 + reporting.length + 1;
  const budget = opts.size - nodes.length - fixedTail - 2; // III and IV section rows
  if (budget < 10) throw new Error(`national plan size ${opts.size} is too small`);

  // III. Tasks and solutions: items → points → task bullets.
  const s3 = sect(2, 'NHIỆM VỤ, GIẢI PHÁP');
  let left3 = Math.round(budget * 0.6);
  let item = 0;
  while (left3 > 0) {
    const it = add(
      s3,
      'ITEM',
      `${++item}.`,
      r.pick(PURPOSES).replace(/^./, (c) => c.toUpperCase()),
    );
    left3--;
    const points = r.int(2, 4);
    for (let p = 0; p < points && left3 > 0; p++) {
      const pt = add(it, 'POINT', VN_POINTS[p], `Về ${r.pick(ACTIONS).split(',')[0]}`);
      left3--;
      const bullets = r.int(2, 5);
      for (let b = 0; b < bullets && left3 > 0; b++) {
        left3--;
        const committees = r.chance(0.12);
        const lead = committees ? SUBORDINATE_COMMITTEES : ref(pickLead(r));
        const coop = committees
          ? []
          : r
              .sample(
                CENTRAL_AGENCIES.filter((a) => a[0] !== lead.name),
                r.int(0, 2),
              )
              .map(ref);
        const text = committees ? `${lead.name} ${r.pick(ACTIONS)}` : taskText(lead, coop, r.pick(ACTIONS));
        add(pt, 'BULLET', '-', text, { lead: [lead], cooperating: coop, timing: timing(r, tctx) });
      }
    }
  }
  // IV. Organisation: one item per agency with its own tasks.
  const s4 = sect(3, 'TỔ CHỨC THỰC HIỆN');
  let left4 = budget - Math.round(budget * 0.6);
  let k = 0;
  const order = r.sample(CENTRAL_AGENCIES, CENTRAL_AGENCIES.length);
  while (left4 > 0) {
    const agency = order[k % order.length];
    const it = add(s4, 'ITEM', `${++k}.`, agency[0]);
    left4--;
    const bullets = r.int(1, 4);
    for (let b = 0; b < bullets && left4 > 0; b++) {
      left4--;
      const coop = r
        .sample(
          CENTRAL_AGENCIES.filter((a) => a[0] !== agency[0]),
          r.int(0, 1),
        )
        .map(ref);
      add(it, 'BULLET', '-', taskText(ref(agency), coop, r.pick(ACTIONS)), {
        lead: [ref(agency)],
        cooperating: coop,
        timing: timing(r, tctx),
      });
    }
  }
  const s5 = sect(4, 'CHẾ ĐỘ THÔNG TIN, BÁO CÁO');
  const milestones: RootPlanSpec['milestones'] = [];
  reporting.forEach(([kind, title, days], i) => {
    const nodeKey = add(s5, 'ITEM', `${i + 1}.`, `${title}, gửi về Bộ Công an (qua Cục Cảnh sát điều tra tội phạm về ma túy) để tổng hợp`);
    milestones.push({ key: `m${i}`, nodeKey, kind, title, dueDate: addDays(periodStart, days), recipient: 'Thủ tướng Chính phủ' });
  });
  const sub = add(s5, 'ITEM', `${reporting.length + 1}.`, 'Các địa phương xây dựng kế hoạch thực hiện, gửi về Bộ Công an');
  milestones.push({
    key: 'm9',
    nodeKey: sub,
    kind: 'PLAN_SUBMISSION',
    title: 'Gửi kế hoạch thực hiện',
    dueDate: submissionDeadline,
    recipient: 'Bộ Công an',
  });
  if (nodes.length !== opts.size) throw new Error(`national plan has ${nodes.length} nodes, wanted ${opts.size}`);

  return {
    title: `Kế hoạch cao điểm tấn công, trấn áp tội phạm về ma túy năm ${year}`,
    periodStart,
    periodEnd,
    submissionDeadline,
    issuedDate,
    number: opts.shape === 'old' ? '255' : '318',
    signerName: 'Lương Tam Quang',
    legalBases: [
      {
        type: 'DIRECTIVE',
        number: '36-CT/TW',
        date: '2019-08-16',
        issuer: 'Bộ Chính trị',
        title: 'về tăng cường, nâng cao hiệu quả công tác phòng, chống và kiểm soát ma túy',
      },
      { type: 'LAW', number: '73/2021/QH14', date: '2021-03-30', issuer: 'Quốc hội', title: 'Luật Phòng, chống ma túy' },
    ],
    phases,
    nodes,
    targets,
    milestones,
  };
}

/** What a unit adds to its own plan: local tasks led by its own agencies. */
export function localNodeText(r: Rng, unitInline: string, leadName: string): string {
  return `${leadName} chủ trì ${r.pick(ACTIONS)} trên địa bàn ${unitInline}`;
}

export const OMISSION_REASONS = [
  'Địa phương không có tuyến biên giới, cửa khẩu',
  'Nội dung không phù hợp với điều kiện thực tế của địa phương',
  'Đã được thực hiện theo kế hoạch chuyên đề riêng',
  'Không thuộc thẩm quyền của cấp này',
];

export const ADAPTATIONS = [
  (t: string, where: string) => `${t}, tập trung vào các địa bàn trọng điểm của ${where}`,
  (t: string) => `${t}; báo cáo kết quả trước ngày 25 hằng tháng`,
  (t: string) => t.replace('chủ trì', 'chủ trì, tham mưu'),
];
