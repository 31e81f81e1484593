/** The importer's parts, on phrases taken from the seeds and on the variants plans also use. */
import { describe, expect, it } from 'vitest';
import { agencyRef, guessSector, namesSubordinateCommittees, readSubject, splitAgencies } from './agencies.js';
import { isoDate, quarterPeriod } from './dates.js';
import { parseFooterLines } from './header-footer.js';
import { readLabel } from './labels.js';
import { continues, paragraphs } from './paragraphs.js';
import { legalBases, readCitation } from './references.js';
import { cleanLine, normaliseForComparison } from './text-normalise.js';
import { detectTiming } from './timing.js';

describe('normalisation', () => {
  it('removes emphasis, heading markers, escapes and redundant link targets; keeps dashes', () => {
    expect(cleanLine('## **2. Bộ Chỉ huy Quân sự tỉnh**  ')).toBe('2. Bộ Chỉ huy Quân sự tỉnh');
    expect(cleanLine('(*qua Công an tỉnh*) **trước ngày 30/08/2024**.')).toBe('(qua Công an tỉnh) trước ngày 30/08/2024.');
    expect(cleanLine('Email: [congan\\\\_vt@bacgiang.gov.vn](mailto:congan_vt@bacgiang.gov.vn);')).toBe(
      'Email: congan_vt@bacgiang.gov.vn;',
    );
    expect(cleanLine('xem [trang](https://example.vn/a)')).toBe('xem trang (https://example.vn/a)');
    expect(cleanLine('* một ý')).toBe('* một ý');
    expect(cleanLine('\uFEFFPhòng Văn hóa – Xã hội\u00A0- x')).toBe('Phòng Văn hóa – Xã hội - x');
  });

  it('compares NFC and NFD, any line ending and any spacing as equal, and nothing else', () => {
    const a = 'Lào Cai, ngày  tháng\r\n\r\nnăm 2024';
    expect(normaliseForComparison(a.normalize('NFD'))).toBe('Lào Cai, ngày tháng năm 2024');
    expect(normaliseForComparison('a – b')).not.toBe(normaliseForComparison('a - b'));
    expect(normaliseForComparison('Hòa')).not.toBe(normaliseForComparison('Hoà'));
  });
});

describe('labels and paragraphs', () => {
  it('reads section, item, point and bullet labels exactly as printed', () => {
    expect(readLabel('IV. GIẢI PHÁP')).toMatchObject({ kind: 'SECTION', label: 'IV.', rest: 'GIẢI PHÁP' });
    expect(readLabel('2.1. Chỉ tiêu')).toMatchObject({ kind: 'ITEM', label: '2.1.' });
    expect(readLabel('2.1.3. Tiểu mục')).toMatchObject({ kind: 'ITEM', label: '2.1.3.' });
    expect(readLabel('đ) Các cơ sở giáo dục')).toMatchObject({ kind: 'POINT', label: 'đ)' });
    expect(readLabel('– Văn bản')).toMatchObject({ kind: 'BULLET', label: '–' });
    expect(readLabel('+ Ý phụ')).toMatchObject({ kind: 'BULLET', label: '+' });
    expect(readLabel('1.Công tác')).toMatchObject({ kind: 'ITEM', label: '1.', missingSpace: true });
  });

  it('does not take a date, a year, a negative number or a word for a label', () => {
    for (const line of ['18/3/2025 của Bộ Chính trị', '2025. Năm', '-5% so với', 'Vì an ninh Tổ quốc', 'Ủy ban nhân dân']) {
      expect(readLabel(line), line).toBeNull();
    }
  });

  it('decides whether a line continues the paragraph above', () => {
    expect(continues('chuẩn bị các nội dung, điều kiện, lực', 'lượng, phương tiện', null, null)).toBe(true);
    expect(continues('thực hiện Kết luận số 132-', 'KL/TW đến toàn bộ', null, 78)).toBe(true);
    expect(continues('vùng đồng bào dân tộc thiểu số.', 'Riêng các huyện', null, null)).toBe(false);
    const heading = readLabel('1. Mục tiêu chung');
    expect(continues('1. Mục tiêu chung', 'Phát huy sức mạnh', heading, null)).toBe(false);
    // Wrapped source: a full line continues, a short last line does not.
    expect(continues('2. Công an phường tham mưu định kỳ tổ chức sơ kết, tổng kết việc thực hiện', 'Kế hoạch này và', heading, 81)).toBe(
      true,
    );
    expect(continues('e) Đề nghị Mặt trận Tổ quốc Việt Nam phường', 'Chỉ đạo Hội Nông dân', heading, 81)).toBe(false);
  });

  it('builds paragraphs with their labels, across blank lines', () => {
    const lines = ['1. Giai đoạn chuẩn bị: … lực', '', 'lượng, phương tiện.', '', 'Mục tiêu: giữ vững.', '- Một ý'].map((text, i) => ({
      text,
      line: i + 1,
    }));
    expect(paragraphs(lines, { wrap: null }).map((p) => [p.label?.label ?? null, p.text, p.line])).toEqual([
      ['1.', 'Giai đoạn chuẩn bị: … lực lượng, phương tiện.', 1],
      [null, 'Mục tiêu: giữ vững.', 5],
      ['-', 'Một ý', 6],
    ]);
  });
});

describe('legal bases', () => {
  it('state and Party number forms, dd/mm/yyyy and dd-mm-yyyy, issuer and subject', () => {
    expect(readCitation('Quyết định số 1452/QĐ-TTg ngày 31-8-2021 của Thủ tướng Chính phủ "về phê duyệt Chương trình"')).toEqual({
      type: 'DECISION',
      number: '1452/QĐ-TTg',
      date: '2021-08-31',
      issuer: 'Thủ tướng Chính phủ',
      title: 'về phê duyệt Chương trình',
      text: 'Quyết định số 1452/QĐ-TTg ngày 31-8-2021 của Thủ tướng Chính phủ "về phê duyệt Chương trình"',
    });
    expect(readCitation('Kế hoạch số 257-KH/TU ngày 04/12/2019 của Tỉnh ủy về việc “Tăng cường”')).toMatchObject({
      type: 'PLAN',
      number: '257-KH/TU',
      date: '2019-12-04',
      issuer: 'Tỉnh ủy',
      title: 'về việc “Tăng cường”',
    });
    expect(readCitation('Phương án nghiệp vụ số 02/PA-BCA ngày 8/9/2021 của Bộ Công an')).toMatchObject({
      type: 'OPERATIONAL_PLAN',
      number: '02/PA-BCA',
      date: '2021-09-08',
      issuer: 'Bộ Công an',
      title: null,
    });
    expect(readCitation('Công điện số 47/CĐ-TTg ngày 13/05/2024 của Thủ tướng Chính phủ')).toMatchObject({
      type: 'URGENT_DISPATCH',
      date: '2024-05-13',
    });
    expect(readCitation('Nghị định số 03/2019/NĐ-CP')).toMatchObject({ type: 'DECREE', number: '03/2019/NĐ-CP', date: null, issuer: null });
    expect(readCitation('Kết luận số 132-KL/TW ngày 18/3/2025 của Bộ Chính trị')).toMatchObject({
      type: 'CONCLUSION',
      number: '132-KL/TW',
    });
    expect(readCitation('Đề án số 06/ĐA-UBND ngày 02/02/2024 của UBND huyện')).toMatchObject({ type: 'PROJECT', issuer: 'UBND huyện' });
    expect(readCitation('Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:')).toBeNull();
  });

  it('lists each basis of a "Căn cứ …;" preamble, and "… và …" joined citations', () => {
    const preamble = [
      'Căn cứ Nghị quyết số 12/NQ-HĐND ngày 10/7/2024 của Hội đồng nhân dân tỉnh;',
      'Căn cứ Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị và Kế hoạch số 45/KH-UBND ngày 24/8/2025 của Ủy ban nhân dân tỉnh Gia Lai;',
      'Ủy ban nhân dân phường ban hành Kế hoạch như sau:',
    ].join('\n');
    expect(legalBases(preamble).map((b) => [b.type, b.number, b.date, b.issuer])).toEqual([
      ['RESOLUTION', '12/NQ-HĐND', '2024-07-10', 'Hội đồng nhân dân tỉnh'],
      ['DIRECTIVE', '36-CT/TW', '2019-08-16', 'Bộ Chính trị'],
      ['PLAN', '45/KH-UBND', '2025-08-24', 'Ủy ban nhân dân tỉnh Gia Lai'],
    ]);
  });
});

describe('agencies', () => {
  it('guesses the sector accent-insensitively, the most specific keyword first', () => {
    expect(guessSector('Sở Lao động, Thương binh và Xã hội')).toBe('LABOUR_SOCIAL');
    expect(guessSector('CÔNG AN TỈNH')).toBe('POLICE');
    expect(guessSector('Văn phòng UBND tỉnh')).toBe('OFFICE');
    expect(guessSector('Phòng Văn hóa - Xã hội')).toBe('CULTURE_SOCIAL');
    expect(guessSector('Báo Lào Cai')).toBe('MEDIA');
    expect(guessSector('Ban chỉ đạo bảo vệ an ninh Tổ quốc')).toBeNull();
    expect(guessSector('Cục Thi hành án dân sự tỉnh')).toBeNull();
  });

  it('recognises every subordinate committee, not the plan’s own or a named one', () => {
    for (const name of [
      'UBND các huyện, thị xã, thành phố',
      'UBND cấp xã',
      'UBND cấp huyện, cấp xã',
      'UBND huyện, thành phố, thị xã',
      'Các huyện, thị xã, thành phố',
    ]) {
      expect(namesSubordinateCommittees(name), name).toBe(true);
    }
    for (const name of ['UBND xã', 'UBND tỉnh', 'UBND huyện Bảo Thắng', 'Ủy ban nhân dân phường', 'Công an tỉnh']) {
      expect(namesSubordinateCommittees(name), name).toBe(false);
    }
    expect(agencyRef('UBND cấp xã')).toEqual({ name: 'UBND cấp xã', sector: 'PEOPLES_COMMITTEE', subordinateCommittees: true });
  });

  it('splits lists at new agency names only; commas inside a name stay', () => {
    expect(splitAgencies('Sở Thông tin và Truyền thông, Đài Phát thanh và Truyền hình tỉnh, Báo Lào Cai')).toEqual([
      'Sở Thông tin và Truyền thông',
      'Đài Phát thanh và Truyền hình tỉnh',
      'Báo Lào Cai',
    ]);
    expect(splitAgencies('Sở Lao động, Thương binh và Xã hội')).toEqual(['Sở Lao động, Thương binh và Xã hội']);
    expect(splitAgencies('các sở, ban, ngành, đoàn thể, UBND cấp huyện, cấp xã')).toEqual([
      'các sở, ban, ngành, đoàn thể',
      'UBND cấp huyện, cấp xã',
    ]);
    expect(splitAgencies('Công an phường các đơn vị có liên quan')).toEqual(['Công an phường', 'các đơn vị có liên quan']);
  });

  it('reads the subject of a clause up to its verb or colon', () => {
    expect(readSubject('Giao Công an xã có trách nhiệm giúp')).toMatchObject({ names: ['Công an xã'], verb: 'có trách nhiệm' });
    expect(readSubject('Đề nghị Tỉnh đoàn, Hội Nông dân tỉnh...: (1) Thường xuyên')).toMatchObject({
      names: ['Tỉnh đoàn', 'Hội Nông dân tỉnh'],
      verb: ':',
    });
    expect(readSubject('Báo cáo kết quả 01 tháng')).toBeNull();
    expect(readSubject('1. Công an tỉnh', { whole: true })).toBeNull();
    expect(readSubject('Công an tỉnh', { whole: true })).toMatchObject({ names: ['Công an tỉnh'], verb: null });
    expect(readSubject('Công an tỉnh chủ trì', { whole: true })).toBeNull();
  });
});

describe('timing', () => {
  it.each([
    ['hoàn thành trước ngày 30/8/2024', { kind: 'BY_DATE', dueDate: '2024-08-30', recurring: false }],
    ['(hoàn thành trước 15/10/2024 và thực hiện thường xuyên)', { kind: 'BY_DATE', dueDate: '2024-10-15', recurring: true }],
    ['(thực hiện thường xuyên)', { kind: 'RECURRING', recurring: true }],
    ['(Hoàn thành trong quý IV/2025).', { kind: 'WITHIN_PERIOD', periodStart: '2025-10-01', periodEnd: '2025-12-31' }],
    ['hoàn thành trong tháng 6/2024', { kind: 'WITHIN_PERIOD', periodStart: '2024-06-01', periodEnd: '2024-06-30' }],
    ['triển khai trong năm 2025', { kind: 'WITHIN_PERIOD', periodStart: '2025-01-01', periodEnd: '2025-12-31' }],
    ['xây dựng Đề án từ nay đến năm 2030', { kind: 'WITHIN_PERIOD', periodStart: null, periodEnd: '2030-12-31' }],
    ['(UBND cấp xã thực hiện trong cao điểm và thường xuyên)', { kind: 'DURING_PHASE', phaseKey: 'campaign', recurring: true }],
    ['Hàng năm, tổ chức ít nhất 01 cuộc', { kind: 'RECURRING' }],
  ])('%s', (text, expected) => {
    expect(detectTiming(text, 'campaign')).toMatchObject(expected);
  });

  it('an adverb is not a timing, and an impossible date is no deadline', () => {
    expect(detectTiming('Chỉ đạo đơn vị nghiệp vụ liên quan thường xuyên rà soát, thống kê', 'campaign')).toBeNull();
    expect(detectTiming('hoàn thành trước ngày 31/02/2024', 'campaign')).toBeNull();
  });
});

describe('dates, footer', () => {
  it('validates calendar dates and quarters', () => {
    expect(isoDate(29, 2, 2024)).toBe('2024-02-29');
    expect(isoDate(29, 2, 2023)).toBeNull();
    expect(quarterPeriod('I', 2025)).toEqual({ start: '2025-01-01', end: '2025-03-31' });
    expect(quarterPeriod('V', 2025)).toBeNull();
  });

  it('reads "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", a wrapped recipient, and a signature before the recipients', () => {
    const footer = parseFooterLines([
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
      'Nguyễn Văn A',
      'Nơi nhận:',
      '- UBND các huyện,',
      'thị xã, thành phố;',
      '- Lưu: VT.',
    ]);
    expect(footer.signature).toEqual({ authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', signerName: 'Nguyễn Văn A' });
    expect(footer.recipients).toEqual(['UBND các huyện, thị xã, thành phố;', 'Lưu: VT.']);
    expect(footer.warnings).toEqual([]);
  });

  it('keeps text found after the signer name with it, and says so', () => {
    const footer = parseFooterLines(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Vũ Mạnh Định', 'Phụ lục I']);
    expect(footer.signature.signerName).toBe('Vũ Mạnh Định Phụ lục I');
    expect(footer.warnings.map((w) => w.message)).toEqual(['Text after the signer\'s name is kept with it: "Phụ lục I"']);
  });
});
