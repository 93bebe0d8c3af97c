import type { InboxItem } from '../../shared/api/types';
import type { FlowAction } from './flowActions';

/** The actions that end the member's to-do on a record: after them she moves on to her next one. */
const CLOSING: ReadonlySet<FlowAction> = new Set<FlowAction>(['approve', 'complete', 'reject', 'return', 'transfer']);

/** closesTask says whether acting ends the member's to-do (a comment, a CC or 加签 leaves it open). */
export function closesTask(action: FlowAction): boolean {
  return CLOSING.has(action);
}

/**
 * nextTodo picks the to-do to open after acting on record: the first of her open to-dos, in
 * the inbox's order, that waits on another record (a second task of hers on the same record,
 * on a parallel step, is on the page she is already looking at).
 */
export function nextTodo(items: readonly InboxItem[], record: string): InboxItem | undefined {
  return items.find((it) => it.record !== record);
}

/** othersLeft is how many open to-dos wait on other records, from the inbox's count (which may still hold this record's). */
export function othersLeft(todo: number, items: readonly InboxItem[], record: string): number {
  const here = items.filter((it) => it.record === record).length;
  return Math.max(0, todo - here);
}
