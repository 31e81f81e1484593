import { ApartmentOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const UnitsPage = lazyPage(() => import('./UnitsPage'), 'UnitsPage');

export const unitsFeature: Feature = {
  resource: { name: 'units', list: '/units', meta: { icon: <ApartmentOutlined  aria-hidden /> } },
  routes: [{ path: '/units', element: <UnitsPage /> }],
};
