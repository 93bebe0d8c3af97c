import { useEffect, useMemo, useRef, type Dispatch, type SetStateAction } from 'react';
import type { Api } from '../../shared/api/endpoints';
import type { FormDef } from '../../shared/api/types';
import { applyLinkage, linkageInput, linkedFields } from './linkage';

interface Options {
  api: Api;
  ws: string;
  app: string;
  form: FormDef;
  /** The fields the form shows: only those are filled. */
  fields: string[];
  data: Record<string, unknown>;
  setData: Dispatch<SetStateAction<Record<string, unknown>>>;
  open: boolean;
}

/**
 * useLinkage refills the form's linked fields (数据联动) from the server whenever a field
 * their conditions compare changes; what the record holds when the form opens is kept, and
 * a linked field typed over stays as typed until a compared field changes again.
 */
export function useLinkage({ api, ws, app, form, fields, data, setData, open }: Options): void {
  const linked = useMemo(() => linkedFields(form.schema, fields), [form.schema, fields]);
  const input = JSON.stringify(linkageInput(linked, data));
  const asked = useRef(input);
  useEffect(() => {
    if (!open || linked.length === 0 || input === asked.current) return;
    let stale = false;
    const timer = window.setTimeout(() => {
      asked.current = input;
      api.linkage(ws, app, form.key, JSON.parse(input) as Record<string, unknown>).then(
        (r) => {
          if (!stale) setData((d) => applyLinkage(d, r.values, linked));
        },
        // Without an answer the fields stay as they are: the person fills them in.
        () => undefined,
      );
    }, 300);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [api, ws, app, form.key, input, linked, open, setData]);
}
