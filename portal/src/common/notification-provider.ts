import type { NotificationProvider, OpenNotificationParams } from '@refinedev/core';

export interface Sink {
  open: (params: OpenNotificationParams) => void;
  close: (key: string) => void;
}
let sink: Sink | null = null;

/**
 * Refine's toasts, shown through antd's App context once the signed-in frame is on screen. antd's
 * App (with its message, notification and modal code) lives in that frame's chunk, not in the
 * first load of the sign-in page (issue 14), so Refine — mounted above it — talks to this bridge.
 * The portal never uses undoable ("progress") notifications.
 */
export const notificationProvider: NotificationProvider = {
  open: (params) => sink?.open(params),
  close: (key) => sink?.close(key),
};

/** Where the bridge sends (set by the signed-in frame's NotificationSink, unset when it unmounts). */
export function setNotificationSink(next: Sink | null) {
  sink = next;
}
