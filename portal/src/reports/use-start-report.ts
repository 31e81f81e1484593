import { useCallback, useRef } from 'react';
import { useGqlMutation } from '../common/use-gql';
import { newIdempotencyKey } from '../providers/idempotency';
import type { CreateReportMutation } from '../graphql/generated';
import { CREATE_REPORT } from './reports.graphql';

/**
 * Starts the report on an obligation (createReport, pre-filled by the API) and resolves to its id.
 * One idempotency key per obligation for the life of the screen: a double click or a retry after a
 * lost answer gives the same report.
 */
export function useStartReport() {
  const { run, isPending } = useGqlMutation<CreateReportMutation>(CREATE_REPORT);
  const keys = useRef(new Map<string, string>());
  const start = useCallback(
    async (obligationId: string) => {
      let key = keys.current.get(obligationId);
      if (!key) {
        key = newIdempotencyKey('report');
        keys.current.set(obligationId, key);
      }
      const r = await run({ input: { obligationId, idempotencyKey: key } });
      return r.createReport.report.id;
    },
    [run],
  );
  return { start, isPending };
}
