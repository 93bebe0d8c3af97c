import { useEffect, useMemo, useState } from 'react';
import type { Api } from '../../shared/api/endpoints';
import type { JsonSchema } from '../../shared/api/types';
import { choiceLabel, relationRefs } from './recordNames';

/** The most IDs one request names (the server's limit). */
const CHUNK = 100;

/**
 * useRecordNames names the records the relation fields of records link to, as the member
 * may read them: each linked form is asked once for the IDs not yet known. The answer is
 * the record's serial number and title; `unreadable` for a record the member may not read
 * (or that is gone), undefined while it is being asked.
 */
export function useRecordNames(api: Api, ws: string, app: string, schema: JsonSchema | undefined, records: readonly Record<string, unknown>[], unreadable: string): (id: string) => string | undefined {
  const [known, setKnown] = useState<ReadonlyMap<string, string>>(new Map());
  const refs = useMemo(() => relationRefs(schema, records), [schema, records]);
  useEffect(() => {
    let live = true;
    for (const [form, ids] of refs) {
      const missing = [...ids].filter((id) => !known.has(id));
      for (let i = 0; i < missing.length; i += CHUNK) {
        const part = missing.slice(i, i + CHUNK);
        api
          .recordChoices(ws, app, form, { ids: part })
          .then(({ items }) => {
            if (!live) return;
            const names = new Map(items.map((c) => [c.id, choiceLabel(c)]));
            setKnown((prev) => {
              const next = new Map(prev);
              for (const id of part) next.set(id, names.get(id) ?? unreadable);
              return next;
            });
          })
          .catch(() => {
            if (!live) return;
            // The linked form is not readable at all (no grant): every link is unreadable.
            setKnown((prev) => new Map([...prev, ...part.map((id) => [id, unreadable] as const)]));
          });
      }
    }
    return () => {
      live = false;
    };
    // `known` is left out on purpose: what arrives must not ask again for what is on its way.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, ws, app, refs, unreadable]);
  return (id: string) => known.get(id);
}
