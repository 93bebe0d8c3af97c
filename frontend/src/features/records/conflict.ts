import type { HistoryEvent } from '../../shared/api/types';

/** What a person is told when their save met a change made meanwhile. */
export interface ConflictInfo {
  actor: string;
  at: string;
  fields: string[];
}

/**
 * conflictFrom reads, from a record's timeline (newest first or not), the changes made after
 * the version the person was editing: who made the latest one, when, and every field changed.
 */
export function conflictFrom(events: readonly HistoryEvent[], editedVersion: number): ConflictInfo | undefined {
  const later = events.filter((e) => (e.version ?? 0) > editedVersion);
  if (later.length === 0) return undefined;
  const latest = later.reduce((a, b) => ((b.version ?? 0) > (a.version ?? 0) ? b : a));
  const fields: string[] = [];
  for (const e of later) for (const c of e.changes ?? []) if (!fields.includes(c.field)) fields.push(c.field);
  return { actor: latest.actor ?? '', at: latest.at, fields };
}
