/** The roles of accounts (app_user.role) and of API keys (api_key.role), as migration 0001 checks them. */
export const Roles = ['ADMIN', 'EDITOR', 'APPROVER', 'VIEWER'] as const;
export type Role = (typeof Roles)[number];

export const ApiKeyRoles = ['VIEWER', 'EDITOR'] as const;
export type ApiKeyRole = (typeof ApiKeyRoles)[number];
