/**
 * The list a record page was opened from (a table's or a view's page), carried in the
 * navigation's state so that the page can step to the record before or after it, as
 * Jiandaoyun's record view does (上一条 / 下一条) — a manager reads a page of leads one by one
 * without going back to the list each time.
 */
export interface RecordList {
  /** The IDs of the list's records, in its order (one form's). */
  ids: string[];
}

/** listState is the navigation state that names the list ids a record is opened from. */
export function listState(ids: readonly string[]): { list: RecordList } {
  return { list: { ids: [...ids] } };
}

/** readList takes the list back out of a navigation's state; anything else is no list. */
export function readList(state: unknown): RecordList | undefined {
  const list = (state as { list?: { ids?: unknown } } | null | undefined)?.list;
  if (!list || !Array.isArray(list.ids) || !list.ids.every((x) => typeof x === 'string')) return undefined;
  return { ids: list.ids as string[] };
}

/** Where a record stands in its list: the records before and after it, and its place (1-based). */
export interface Neighbours {
  prev?: string;
  next?: string;
  position: number;
  total: number;
}

/** neighbours places id in list; undefined when the list does not hold it or holds it alone. */
export function neighbours(list: RecordList | undefined, id: string): Neighbours | undefined {
  if (!list || list.ids.length < 2) return undefined;
  const i = list.ids.indexOf(id);
  if (i < 0) return undefined;
  return { prev: list.ids[i - 1], next: list.ids[i + 1], position: i + 1, total: list.ids.length };
}
