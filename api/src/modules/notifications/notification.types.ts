import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TypeAccess } from '../../core/graphql/access.js';
import { Connection, PageArgs } from '../../core/graphql/pagination.js';

export enum NotificationKind {
  /** A superior unit issued a plan its direct subordinates are to implement. */
  PLAN_ISSUED_ABOVE = 'PLAN_ISSUED_ABOVE',
  /** A superior issued an amendment of the plan this unit's plan derives from. */
  PLAN_AMENDED_ABOVE = 'PLAN_AMENDED_ABOVE',
}
registerEnumType(NotificationKind, { name: 'NotificationKind' });

@ObjectType('Notification', { description: "A notice to the caller's unit (docs/NOTIFICATIONS.md)." })
@TypeAccess('SCOPED')
export class NotificationNode {
  @Field(() => ID) id!: string;
  @Field(() => NotificationKind) kind!: NotificationKind;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Boolean, { description: 'Read by the caller (each user reads for themselves).' }) read!: boolean;
  planId!: string;
  fromUnitId!: number;
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
