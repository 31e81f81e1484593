import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { viAll as vi } from '../i18n/all-messages';
import { t } from '../i18n/locale';
import { translateWith } from '../i18n/translate';
import { describeError } from './describe-error';

const apiError = (message: string, extensions: Record<string, unknown>) => ({
  message,
  statusCode: 400,
  code: String(extensions.code),
  reason: extensions.reason as string | undefined,
  field: extensions.field as string | undefined,
});

describe('describeError: wording chosen by the API codes', () => {
  it('a file over the size limit (TOO_LARGE / FILE_TOO_LARGE) says so in Vietnamese', () => {
    const text = describeError(apiError('The file is larger than 8 MB', { code: 'TOO_LARGE', reason: 'FILE_TOO_LARGE', field: 'file' }), t);
    expect(text.title).toBe('Dữ liệu quá lớn');
    expect(text.description).toBe('Tệp lớn hơn 8 MB.');
    expect(text.detail).toBe('The file is larger than 8 MB');
  });

  it('a full import queue (BUSY / IMPORT_QUEUE_FULL) asks to try again later', () => {
    const text = describeError(apiError('Too many imports are running; try again shortly', { code: 'BUSY', reason: 'IMPORT_QUEUE_FULL' }), t);
    expect(text.title).toBe('Máy chủ đang bận');
    expect(text.description).toBe('Đang có nhiều tệp được nhập cùng lúc. Hãy thử lại sau ít phút.');
  });

  it('an import over the node bound (TOO_MANY_NODES) names the bound', () => {
    const text = describeError(apiError('The file has more nodes than an import accepts (1001 > 1000)', { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_NODES', field: 'file' }), t);
    expect(text.description).toBe('Tệp có nhiều hơn 1.000 phần, mục: một kế hoạch không thể lớn như vậy.');
  });

  it('a code the portal does not know reads as a server problem, never as the English text', () => {
    const text = describeError(apiError('Something new', { code: 'SOMETHING_NEW' }), t);
    expect(text.title).toBe('Máy chủ gặp sự cố');
  });
});

const tVi = (key: string, options?: Record<string, unknown> | string, fallback?: string) => translateWith(vi, null, key, options, fallback);

describe('describeError', () => {
  it('words a dissolved unit’s refusal from its fields: the unit, its last day, the date and its successors', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        {
          message: 'words the portal must not read',
          extensions: {
            code: 'INVALID_STATE',
            reason: 'UNIT_DISSOLVED',
            unit: { id: '7', name: 'Thành phố Lào Cai' },
            date: '2026-03-05',
            validTo: '2025-06-30',
            successors: [{ id: null, code: '15', name: 'Tỉnh Lào Cai', kind: 'FULL' }],
          },
        },
      ],
    });
    const text = describeError(error, tVi);
    expect(text).toMatchObject({ code: 'INVALID_STATE', title: 'Không thể thực hiện ở trạng thái hiện tại' });
    expect(text.description).toBe(
      'Thành phố Lào Cai đã thôi tồn tại từ sau ngày 30/06/2025, nên không thể thực hiện việc này vào ngày 05/03/2026. Đơn vị kế thừa: Tỉnh Lào Cai.',
    );
  });

  it('falls back to the code’s advice for a reason it does not word', () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'x', extensions: { code: 'INVALID_STATE', reason: 'SOMETHING_NEW' } }] });
    expect(describeError(error, tVi).description).toBe('Trạng thái hiện tại của dữ liệu không cho phép thao tác này.');
  });
});
