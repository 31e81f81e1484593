import type { Feature } from './feature';
import { agenciesFeature } from './agencies';
import { apiKeysFeature } from './api-keys';
import { cascadeFeature } from './cascade';
import { derivationFeature } from './derivation';
import { homeFeature } from './home';
import { notificationsFeature } from './notifications';
import { plansFeature } from './plans';
import { reportsFeature } from './reports';
import { unitsFeature } from './units';
import { usersFeature } from './users';

/** The portal's features in menu order. The first is the start page after sign-in. */
export const FEATURES: Feature[] = [homeFeature, notificationsFeature, unitsFeature, plansFeature, reportsFeature, derivationFeature, cascadeFeature, agenciesFeature, usersFeature, apiKeysFeature];
