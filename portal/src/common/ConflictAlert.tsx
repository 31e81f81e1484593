import { Alert, Button, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import type { ApiError } from '../providers/errors';

/**
 * A CONFLICT (optimistic locking): someone saved the record since it was read. Says so plainly,
 * shows the version now on the server and offers to load it into the form.
 */
export function ConflictAlert({ error, onReload }: { error: ApiError; onReload: (current: Record<string, unknown>) => void }) {
  const translate = useTranslate();
  const current = error.current ?? {};
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={translate('errors.CONFLICT')}
      description={
        <>
          <div>{translate('errors.descriptions.CONFLICT')}</div>
          {typeof current.version === 'number' && (
            <Typography.Text type="secondary">{translate('errors.conflictCurrent', { version: current.version })}</Typography.Text>
          )}
          <div style={{ marginTop: 8 }}>
            <Button size="small" type="primary" ghost onClick={() => onReload(current)}>
              {translate('errors.conflictReload')}
            </Button>
          </div>
        </>
      }
    />
  );
}
