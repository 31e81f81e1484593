import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import vi from '../i18n/vi.json';
import { translateWith } from '../i18n/translate';
import { describeError } from './describe-error';

const t = (key: string, options?: Record<string, unknown> | string, fallback?: string) => translateWith(vi, null, key, options, fallback);

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
    const text = describeError(error, t);
    expect(text).toMatchObject({ code: 'INVALID_STATE', title: 'Không thể thực hiện ở trạng thái hiện tại' });
    expect(text.description).toBe(
      'Thành phố Lào Cai đã thôi tồn tại từ sau ngày 30/06/2025, nên không thể thực hiện việc này vào ngày 05/03/2026. Đơn vị kế thừa: Tỉnh Lào Cai.',
    );
  });

  it('falls back to the code’s advice for a reason it does not word', () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'x', extensions: { code: 'INVALID_STATE', reason: 'SOMETHING_NEW' } }] });
    expect(describeError(error, t).description).toBe('Trạng thái hiện tại của dữ liệu không cho phép thao tác này.');
  });
});
