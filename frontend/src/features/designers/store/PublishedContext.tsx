import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useApi } from '../../../shared/api/ApiContext';
import { useAsync } from '../../../shared/hooks/useAsync';
import { parseTemplate, type Template } from '../form/designer';

/**
 * The app's latest published template, beside the draft: records, and role assignments, are
 * made against it. Designers ask it what is already in use (a published option's value, a
 * published role), which the draft cannot tell: a saved draft is not a published one.
 */
export interface PublishedTemplate {
  /** The published template ({forms: []} before the first publish); undefined while not known. */
  doc: Template | undefined;
  /** Still being read; doc undefined and not loading means it could not be read. */
  loading: boolean;
}

const PublishedContext = createContext<PublishedTemplate>({ doc: undefined, loading: false });

/** PublishedProvider reads published version `version` of the app (0: never published) for the designers under it. */
export function PublishedProvider({ ws, app, version, children }: { ws: string; app: string; version: number; children: ReactNode }) {
  const api = useApi();
  const read = useAsync(
    async () => parseTemplate(version > 0 ? await api.appVersion(ws, app, version) : { forms: [] }),
    [api, ws, app, version],
  );
  // While a newer version loads, or when it could not be read, an older one is not what the server holds.
  const doc = read.loading || read.error !== undefined ? undefined : read.data;
  const value = useMemo<PublishedTemplate>(() => ({ doc, loading: read.loading }), [doc, read.loading]);
  return <PublishedContext.Provider value={value}>{children}</PublishedContext.Provider>;
}

/** usePublished is the published template of the designer page around the caller. */
export function usePublished(): PublishedTemplate {
  return useContext(PublishedContext);
}
