import { HomeOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';
import { MY_WORK, MY_WORK_SHOWN } from './home.graphql';

const HomePage = lazyPage(() => import('./HomePage'), 'HomePage');

/** The desk: the first page after sign-in, per role. */
export const homeFeature: Feature = {
  resource: { name: 'home', list: '/', meta: { icon: <HomeOutlined aria-hidden /> } },
  routes: [
    {
      path: '/',
      element: <HomePage />,
      firstRequests: async () => [{ document: MY_WORK, variables: { first: MY_WORK_SHOWN } }],
    },
  ],
};
