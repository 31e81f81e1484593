import { KeyOutlined } from '@ant-design/icons';
import type { Feature } from '../feature';
import { ApiKeyListPage } from './ApiKeyListPage';

export const apiKeysFeature: Feature = {
  resource: { name: 'apiKeys', list: '/api-keys', meta: { icon: <KeyOutlined /> } },
  routes: [{ path: '/api-keys', element: <ApiKeyListPage /> }],
};
