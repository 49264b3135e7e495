/** An outbox row as the grouping sees it. */
export interface GroupableAlert {
  id: string;
  hex: string;
  /** Data time of what happened, epoch ms. */
  at: number;
  /** Set once the alert was put in an email; the group is then fixed. */
  messageId: string | null;
}

export interface AlertGroup {
  /** The group's Message-ID when already fixed, else null (a new one is assigned). */
  messageId: string | null;
  ids: string[];
}

/**
 * Folds due alerts into emails (pure). Alerts already in an email stay in it (same Message-ID). The
 * others are folded per airframe: a group starts at an airframe's earliest alert and takes every alert of
 * that airframe within throttleMs of it (data time), so a burst of events is one email and a replay
 * folds exactly as live polling did.
 */
export function groupAlertsForEmail(alerts: readonly GroupableAlert[], throttleMs: number): AlertGroup[] {
  const fixed = new Map<string, string[]>();
  const loose: GroupableAlert[] = [];
  for (const alert of alerts) {
    if (alert.messageId === null) loose.push(alert);
    else fixed.set(alert.messageId, [...(fixed.get(alert.messageId) ?? []), alert.id]);
  }
  const groups: AlertGroup[] = [...fixed].map(([messageId, ids]) => ({ messageId, ids }));
  loose.sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : a.at - b.at || Number(a.id) - Number(b.id)));
  let current: { hex: string; start: number; group: AlertGroup } | null = null;
  for (const alert of loose) {
    if (current === null || current.hex !== alert.hex || alert.at - current.start > throttleMs) {
      current = { hex: alert.hex, start: alert.at, group: { messageId: null, ids: [] } };
      groups.push(current.group);
    }
    current.group.ids.push(alert.id);
  }
  return groups;
}

/** A Message-ID for a new group: unique (the random part) and traceable (the first alert's id). */
export function alertMessageId(firstAlertId: string, fromAddress: string, random: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(fromAddress)?.[1] ?? 'tailwatch.invalid';
  return `<tailwatch-alert-${firstAlertId.replace(/\D/g, '')}-${random.replace(/[^A-Za-z0-9]/g, '')}@${domain}>`;
}
