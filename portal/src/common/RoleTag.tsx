import { Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import type { Role } from '../auth/identity';

const ROLE_COLORS: Record<Role, string> = { ADMIN: 'volcano', APPROVER: 'gold', EDITOR: 'blue', VIEWER: 'default' };

/** A role as a tag, in the user's language, with the same colour everywhere. */
export function RoleTag({ role, className, testId }: { role: Role; className?: string; testId?: string }) {
  const translate = useTranslate();
  return (
    <Tag color={ROLE_COLORS[role]} className={className} data-testid={testId}>
      {translate(`roles.${role}`)}
    </Tag>
  );
}
