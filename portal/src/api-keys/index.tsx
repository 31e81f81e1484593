import { KeyOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const ApiKeyListPage = lazyPage(() => import('./ApiKeyListPage'), 'ApiKeyListPage');

export const apiKeysFeature: Feature = {
  resource: { name: 'apiKeys', list: '/api-keys', meta: { icon: <KeyOutlined  aria-hidden /> } },
  routes: [{ path: '/api-keys', element: <ApiKeyListPage /> }],
};
