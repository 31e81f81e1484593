import { describe, expect, it } from 'vitest';
import { exportFailure, fileNameFrom } from './download';

describe('plan downloads', () => {
  it("takes the server's file name, the UTF-8 one first", () => {
    const both = `attachment; filename="KH-45-KH-UBND-2025.docx"; filename*=UTF-8''KH-45-KH-UBND-2025%20Tri%E1%BB%83n%20khai.docx`;
    expect(fileNameFrom(both, 'x.docx')).toBe('KH-45-KH-UBND-2025 Triển khai.docx');
    expect(fileNameFrom('attachment; filename="KH-du-thao.pdf"', 'x.pdf')).toBe('KH-du-thao.pdf');
    expect(fileNameFrom(null, 'x.pdf')).toBe('x.pdf');
  });

  it('says why a download failed', () => {
    const res = (status: number) => new Response(null, { status });
    expect(exportFailure(null, 'docx')).toBe('plans.export.network');
    expect(exportFailure(res(401), 'docx')).toBe('plans.export.signedOut');
    expect(exportFailure(res(404), 'pdf')).toBe('plans.export.notFound');
    expect(exportFailure(res(503), 'pdf')).toBe('plans.export.pdfUnavailable');
    expect(exportFailure(res(503), 'docx')).toBe('plans.export.serverError');
    expect(exportFailure(res(500), 'pdf')).toBe('plans.export.serverError');
  });
});
