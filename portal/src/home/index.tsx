import { HomeOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const HomePage = lazyPage(() => import('./HomePage'), 'HomePage');

/** The desk: the first page after sign-in, per role. */
export const homeFeature: Feature = {
  resource: { name: 'home', list: '/', meta: { icon: <HomeOutlined aria-hidden /> } },
  routes: [
    {
      path: '/',
      element: <HomePage />,
      firstRequests: async () => {
        const { MY_WORK, MY_WORK_SHOWN } = await import('./home.graphql');
        return [{ document: MY_WORK, variables: { first: MY_WORK_SHOWN } }];
      },
    },
  ],
};
