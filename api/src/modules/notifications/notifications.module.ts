import type { ApiModule } from '../../core/module.js';
import { NotificationResolver } from './notification.resolver.js';

/** Notices as core sees them (core/module.ts); their loaders are the plans' and units' (docs/NOTIFICATIONS.md). */
export const notificationsModule: ApiModule = {
  name: 'notifications',
  resolvers: [NotificationResolver],
};
