export type NotificationKind = 'PLAN_ISSUED_ABOVE' | 'PLAN_AMENDED_ABOVE';

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  createdAt: string;
  read: boolean;
  plan: { id: string; title: string; numberSymbol: string | null } | null;
  fromUnit: { id: string; name: string } | null;
}

export interface NotificationsData {
  notifications: {
    nodes: NotificationItem[];
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
