import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TypeAccess } from '../../core/graphql/access.js';
import { Connection, PageArgs } from '../../core/graphql/pagination.js';

export enum NotificationKind {
  /** A superior unit issued a plan its direct subordinates are to implement. */
  PLAN_ISSUED_ABOVE = 'PLAN_ISSUED_ABOVE',
  /** A superior issued an amendment of the plan this unit's plan derives from. */
  PLAN_AMENDED_ABOVE = 'PLAN_AMENDED_ABOVE',
  /** A report of this unit is due within KEHOACH_REMINDER_DAYS days and not yet submitted. */
  REPORT_DUE_SOON = 'REPORT_DUE_SOON',
  /** A report of this unit is past its due date and not submitted. */
  REPORT_OVERDUE = 'REPORT_OVERDUE',
  /** The superior returned this unit's report, with a reason, to be corrected and submitted again. */
  REPORT_RETURNED = 'REPORT_RETURNED',
  /** A unit below submitted its report to this unit (told to its approvers, who accept or return it). */
  REPORT_SUBMITTED = 'REPORT_SUBMITTED',
}

/** The notices about a report obligation (they carry its id; docs/NOTIFICATIONS.md). */
export const REPORT_NOTICE_KINDS: readonly NotificationKind[] = [
  NotificationKind.REPORT_DUE_SOON,
  NotificationKind.REPORT_OVERDUE,
  NotificationKind.REPORT_RETURNED,
  NotificationKind.REPORT_SUBMITTED,
];
registerEnumType(NotificationKind, { name: 'NotificationKind' });

@ObjectType('Notification', { description: "A notice to the caller's unit (docs/NOTIFICATIONS.md)." })
@TypeAccess('SCOPED')
export class NotificationNode {
  @Field(() => ID) id!: string;
  @Field(() => NotificationKind) kind!: NotificationKind;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Boolean, { description: 'Read by the caller (each user reads for themselves).' }) read!: boolean;
  @Field(() => String, { nullable: true, description: "What the act said: a returned report's reason, as the superior gave it." })
  note!: string | null;
  /** For a report notice, the plan that ordered the report. */
  planId!: string;
  fromUnitId!: number;
  obligationId!: string | null;
  reportId!: string | null;
}
export const NotificationConnection = Connection(NotificationNode, 'Notification');

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only those the caller has not read.' }) unreadOnly?: boolean;
}

@InputType()
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: 'The notices to mark (at most 100); absent: every notice of the unit.' })
  ids?: string[] | null;
}

@ObjectType()
@TypeAccess('SCOPED')
export class MarkNotificationsReadPayload {
  @Field(() => Int, { description: 'Notices newly marked as read.' }) marked!: number;
  @Field(() => Int, { description: 'Notices of the unit the caller has still not read.' }) unread!: number;
}
