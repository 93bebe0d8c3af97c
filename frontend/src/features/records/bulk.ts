import type { BulkItem, BulkResult } from '../../shared/api/types';

/** One record a bulk decision left undecided, with why. */
export interface BulkFailure<T extends BulkItem> {
  item: T;
  code: string;
  message: string;
}

export interface BulkOutcome<T extends BulkItem> {
  /** How many records the decision was taken on. */
  done: number;
  failed: BulkFailure<T>[];
}

/**
 * bulkOutcome pairs a bulk decision's results with the items sent: a 2xx status is done,
 * anything else a failure whose message names the fields the step requires when the
 * server listed them (a step with required fields is decided one record at a time).
 * An item the answer does not mention counts as failed, so that nothing is silently lost.
 */
export function bulkOutcome<T extends BulkItem>(items: readonly T[], results: readonly BulkResult[], fieldLabel: (field: string, item: T) => string = (f) => f): BulkOutcome<T> {
  const byRecord = new Map(results.map((r) => [r.record, r]));
  const out: BulkOutcome<T> = { done: 0, failed: [] };
  items.forEach((item, i) => {
    // Results come in the order of the items; one record can be sent twice (two of my
    // tasks on parallel steps), so the position decides and the record id only backs it up.
    const r = results[i]?.record === item.record ? results[i] : byRecord.get(item.record);
    if (!r) {
      out.failed.push({ item, code: 'no_result', message: '' });
      return;
    }
    if (r.status >= 200 && r.status < 300) {
      out.done++;
      return;
    }
    const fields = Object.keys(r.error?.fields ?? {})
      .map((p) => fieldLabel(p.replace(/^\//, '').split('/')[0] ?? p, item))
      .filter((f, i, all) => f !== '' && all.indexOf(f) === i);
    const base = r.error?.message ?? `HTTP ${r.status}`;
    out.failed.push({ item, code: r.error?.code ?? String(r.status), message: fields.length > 0 ? `${base} (${fields.join(', ')})` : base });
  });
  return out;
}
