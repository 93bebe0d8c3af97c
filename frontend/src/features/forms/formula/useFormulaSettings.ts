import { useEffect, useState } from 'react';
import { useApi } from '../../../shared/api/ApiContext';
import { isApiError } from '../../../shared/api/errors';
import type { FormulaEnv } from './functions';

/** FormulaSettings is what formulas read of the workspace: its timezone and business calendar. */
export type FormulaSettings = Omit<FormulaEnv, 'now'>;

/** browserZone is the browser's IANA timezone, for formulas when the workspace's is not known. */
export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * useFormulaSettings loads the workspace's timezone and business calendar for the formulas
 * a form computes as people type. Until they are known (or when they cannot be read), the
 * browser's timezone is used and NETWORKDAYS/WORKDAY are left to the server; a server with no
 * calendar (404) counts Monday to Friday, as the server then does.
 */
export function useFormulaSettings(ws: string | undefined): FormulaSettings {
  const api = useApi();
  const [settings, setSettings] = useState<FormulaSettings>(() => ({ timeZone: browserZone() }));
  useEffect(() => {
    if (!ws) return;
    let stale = false;
    const calendar = api.calendar(ws).then(
      (c) => c,
      (err: unknown) => (isApiError(err) && err.status === 404 ? null : undefined),
    );
    const zone = api.workspace(ws).then(
      (w) => w.timezone || undefined,
      () => undefined,
    );
    void Promise.all([calendar, zone]).then(([cal, wsZone]) => {
      if (stale) return;
      setSettings({ timeZone: cal?.timezone || wsZone || browserZone(), calendar: cal });
    });
    return () => {
      stale = true;
    };
  }, [api, ws]);
  return settings;
}
