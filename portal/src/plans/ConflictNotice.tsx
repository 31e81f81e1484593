import type { ReactNode } from 'react';
import { Button, Flex, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { ConflictAlert } from '../common/ConflictAlert';
import type { ApiError } from '../providers/errors';

/**
 * A CONFLICT on a part of a plan: someone saved it since it was read. The user's text stays in
 * the form; this shows what is on the server now, and lets the user either load it into the form
 * (their own text stays available to re-apply) or keep their text and save it over the new version.
 */
export function ConflictNotice({
  error,
  current,
  onLoadCurrent,
  onKeepMine,
}: {
  error: ApiError;
  /** The part as it is on the server now, in words. */
  current: ReactNode;
  onLoadCurrent: (current: Record<string, unknown>) => void;
  onKeepMine: (current: Record<string, unknown>) => void;
}) {
  const translate = useTranslate();
  return (
    <div className="plan-conflict" data-testid="plan-conflict">
      <ConflictAlert error={error} onReload={onLoadCurrent} />
      <div className="plan-conflict-current">
        <Typography.Text strong>{translate('plans.conflict.currentOnServer')}</Typography.Text>
        <div className="plan-conflict-text">{current}</div>
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          <Button size="small" onClick={() => onKeepMine(error.current ?? {})}>
            {translate('plans.conflict.keepMine')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {translate('plans.conflict.keepMineHint')}
          </Typography.Text>
        </Flex>
      </div>
    </div>
  );
}

/** After loading the server's version, the user's own text, to copy back in one click. */
export function MineKept({ text, onRestore }: { text: ReactNode; onRestore: () => void }) {
  const translate = useTranslate();
  return (
    <div className="plan-conflict-mine" data-testid="plan-conflict-mine">
      <Typography.Text strong>{translate('plans.conflict.yourText')}</Typography.Text>
      <div className="plan-conflict-text">{text}</div>
      <Button size="small" style={{ marginTop: 8 }} onClick={onRestore}>
        {translate('plans.conflict.restoreMine')}
      </Button>
    </div>
  );
}
