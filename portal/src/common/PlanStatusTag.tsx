import { Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import type { PlanStatus } from '../plans/types';

export const PLAN_STATUS_COLOR: Record<PlanStatus, string> = {
  DRAFT: 'gold',
  IN_REVIEW: 'processing',
  ISSUED: 'green',
  SUPERSEDED: 'purple',
  REVOKED: 'red',
};

/** Dự thảo / Đang trình duyệt / Đã ban hành / Đã thay thế / Đã thu hồi — one tag, one wording, on every screen. */
export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const translate = useTranslate();
  return (
    <Tag color={PLAN_STATUS_COLOR[status]} className="plan-status" data-status={status}>
      {translate(`plans.status.${status}`)}
    </Tag>
  );
}
