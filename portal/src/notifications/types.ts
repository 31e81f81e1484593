export type NotificationKind =
  | 'PLAN_ISSUED_ABOVE'
  | 'PLAN_AMENDED_ABOVE'
  | 'REPORT_DUE_SOON'
  | 'REPORT_OVERDUE'
  | 'REPORT_RETURNED'
  | 'REPORT_SUBMITTED';

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  createdAt: string;
  read: boolean;
  plan: { id: string; title: string; numberSymbol: string | null } | null;
  fromUnit: { id: string; name: string } | null;
  /** A returned report's reason, as the superior gave it. */
  note: string | null;
  /** Report notices: the report owed, and the report returned or submitted. */
  obligation: { id: string; title: string; dueDate: string | null; report: { id: string } | null } | null;
  report: { id: string } | null;
}

export interface NotificationsData {
  notifications: {
    nodes: NotificationItem[];
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
