import type { InboxBox, InboxItem, PipelineDef, PipelineNode } from '../../shared/api/types';
import { editableFields } from '../records/flowActions';

/**
 * inboxTitle names an inbox item the way people recognise it: "HT-2026-0001 禾丰超市收银系统采购合同 · 法务审核".
 * The server sends each item's serial and title as the member may read them (a hidden title
 * leaves the serial); without either the item falls back to the app's name.
 */
export function inboxTitle(step: string, item: { serial?: string; title?: string }, appName = ''): string {
  const head = [item.serial, item.title].filter(Boolean).join(' ');
  return [head || appName, step].filter(Boolean).join(' · ');
}

/**
 * timeOf is the time a box shows for an item: when the member acted (done), when the run was
 * started (mine: its first submission, the order of 我发起的), when it reached her (to do, CC).
 */
export function timeOf(box: InboxBox, item: Pick<InboxItem, 'actedAt' | 'created' | 'updated'>): string | undefined {
  return box === 'done' ? (item.actedAt ?? item.updated) : item.created;
}

/** timeLabel is the inbox text key of the title of a box's time column (timeOf). */
export function timeLabel(box: InboxBox): 'actedAt' | 'startedAt' | 'received' {
  if (box === 'done') return 'actedAt';
  return box === 'mine' ? 'startedAt' : 'received';
}

/**
 * stepName is the step an inbox item's title names: the node its task waits at, or, for a run
 * the member started (no step of theirs), the stage the run is at — a phone's list, without
 * the stage column, showed it nowhere.
 */
export function stepName(nodeName: string, item: { node?: string; stage?: string }): string {
  return nodeName || item.node || item.stage || '';
}

/** A step of a pipeline that inbox items wait at. */
export interface StepKey {
  app: string;
  form: string;
  node: string;
}

export function stepKey(it: { app: string; form: string; node?: string }): string {
  return `${it.app}/${it.form}/${it.node ?? ''}`;
}

/** BulkPlan says how a bulk approval goes: the fields asked for once, and what needs its own page. */
export interface BulkPlan<T> {
  /** The one step every item waits at, when they share it and it has fields to fill. */
  step?: PipelineNode;
  /** Its fields the approver fills once, required ones marked. */
  fields: { key: string; required: boolean }[];
  /** Items the bulk approval sends. */
  ready: T[];
  /** Items at a step with required fields that the request cannot fill: each needs its own page. */
  ownPage: T[];
}

/**
 * planBulk decides what a bulk approval of items asks for. Items waiting at one step share
 * its fields: they are asked once and sent with every item. Items at several steps are sent
 * without fields; those whose step requires some are left for their own pages. ownValue
 * tells the fields whose value belongs to one record (files, a signature: an upload is
 * attached to one record only): they are never asked once for all, and a step requiring one
 * sends each of its items to its own page.
 */
export function planBulk<T extends Pick<InboxItem, 'app' | 'form' | 'node'>>(
  items: readonly T[],
  pipelineOf: (it: T) => PipelineDef | undefined,
  ownValue: (it: T, field: string) => boolean = () => false,
): BulkPlan<T> {
  const nodeOf = (it: T) => pipelineOf(it)?.nodes.find((n) => n.key === it.node);
  const keys = new Set(items.map(stepKey));
  if (keys.size === 1 && items.length > 0) {
    const first = items[0]!;
    const node = nodeOf(first);
    const all = editableFields(node);
    if (all.some((f) => f.required && ownValue(first, f.key))) return { fields: [], ready: [], ownPage: [...items] };
    const fields = all.filter((f) => !ownValue(first, f.key));
    return { step: fields.length > 0 ? node : undefined, fields, ready: [...items], ownPage: [] };
  }
  const ready: T[] = [];
  const ownPage: T[] = [];
  for (const it of items) {
    if (editableFields(nodeOf(it)).some((f) => f.required)) ownPage.push(it);
    else ready.push(it);
  }
  return { fields: [], ready, ownPage };
}

/**
 * shortDateTime is a time as a phone's card shows it: month, day and time ("12月7日 10:00"),
 * with the year only when it is not the year of now. '' when v is empty or does not parse.
 */
export function shortDateTime(v: string | undefined, language: string, now: Date = new Date()): string {
  if (!v) return '';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return '';
  const sameYear = d.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(language, {
    year: sameYear ? undefined : 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}
