import { Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import type { PlanStatus } from './types';

export const PLAN_STATUS_COLOR: Record<PlanStatus, string> = {
  DRAFT: 'default',
  IN_REVIEW: 'processing',
  ISSUED: 'green',
  SUPERSEDED: 'purple',
  REVOKED: 'red',
};

/** Dự thảo / Chờ phê duyệt / Đã ban hành / Đã được thay thế / Đã thu hồi. */
export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const translate = useTranslate();
  return <Tag color={PLAN_STATUS_COLOR[status]}>{translate(`derivation.planStatus.${status}`)}</Tag>;
}
