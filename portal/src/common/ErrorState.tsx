import { Alert, Button } from 'antd';
import { useTranslate } from '@refinedev/core';
import { describeError } from './describe-error';

/** A failed read: what happened, what to do, and a retry button. */
export function ErrorState({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const translate = useTranslate();
  const text = describeError(error, translate);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={text.title}
      style={compact ? undefined : { margin: '8px 0' }}
      description={
        <>
          <div>{text.description}</div>
          {text.detail && (
            <span className="text-secondary text-small">
              {translate('errors.detail', { message: text.detail })}
            </span>
          )}
        </>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {translate('common.retry')}
          </Button>
        )
      }
    />
  );
}
