export type ApiKeyRole = 'VIEWER' | 'EDITOR';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: ApiKeyRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  secret: string;
  apiKey: ApiKey;
}
