import { Select, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { ROLES, type Role } from '../auth/identity';

/** The four roles, each with one line on what it allows. */
export function RoleSelect({
  value,
  onChange,
  disabled,
  id,
}: {
  value?: Role;
  onChange?: (role: Role) => void;
  disabled?: boolean;
  id?: string;
}) {
  const translate = useTranslate();
  return (
    <Select<Role>
      id={id}
      value={value}
      onChange={onChange}
      disabled={disabled}
      options={ROLES.map((role) => ({ value: role, label: translate(`roles.${role}`) }))}
      optionRender={(option) => (
        <div>
          <div>{option.label}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
            {translate(`roleHints.${option.value}`)}
          </Typography.Text>
        </div>
      )}
    />
  );
}

