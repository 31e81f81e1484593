import { ApartmentOutlined } from '@ant-design/icons';
import type { Feature } from '../feature';
import { UnitsPage } from './UnitsPage';

export const unitsFeature: Feature = {
  resource: { name: 'units', list: '/units', meta: { icon: <ApartmentOutlined /> } },
  routes: [{ path: '/units', element: <UnitsPage /> }],
};
