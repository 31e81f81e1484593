import type { AuthedCtx } from '../../core/context.js';
import { badInput } from '../../core/errors.js';
import { keysetPage } from '../../core/graphql/pagination.js';
import { parseUuid } from '../../core/ids.js';
import { markRead, notificationCount, notificationPage, type NoticeReader } from './notification.store.js';

/** Notices are read by people: an API key has none (an integrator reads plans, not a desk). */
function reader(ctx: AuthedCtx): NoticeReader | null {
  const p = ctx.principal;
  return p.kind === 'USER' ? { unitId: p.unitId, userId: p.id, role: p.role, agencyId: p.agencyId ?? null } : null;
}

export function listNotifications(ctx: AuthedCtx, args: { first?: number; after?: string; unreadOnly?: boolean }) {
  const who = reader(ctx);
  const unreadOnly = args.unreadOnly ?? false;
  return keysetPage(
    args,
    2,
    (after, limit) => (who ? notificationPage(ctx.em, who, unreadOnly, after, limit) : Promise.resolve([])),
    (n) => [n.cursorAt, n.id],
    () => (who ? notificationCount(ctx.em, who, unreadOnly) : Promise.resolve(0)),
  );
}

export async function unreadCount(ctx: AuthedCtx): Promise<number> {
  const who = reader(ctx);
  return who ? notificationCount(ctx.em, who, true) : 0;
}

export async function markNotificationsRead(ctx: AuthedCtx, ids: string[] | null | undefined) {
  const who = reader(ctx)!;
  if (ids && ids.length > 100) throw badInput('at most 100 notices at a time', 'ids');
  const parsed = ids ? ids.map((id) => parseUuid(id, 'ids')) : null;
  const marked = await markRead(ctx.em, who, parsed);
  return { marked, unread: await notificationCount(ctx.em, who, true) };
}
