import { useCallback, useMemo } from 'react';
import { useApi } from '../api/ApiContext';
import { isApiError } from '../api/errors';
import type { AppInfo, AppRuntime } from '../api/types';
import type { Choice } from '../../features/forms/schemaForm';
import { useAsync, type AsyncState } from './useAsync';
import { lookupsShown } from '../../fields/lookup/shown';

export interface People {
  /** A member's or department's name by id (undefined when unknown). */
  name: (id: string) => string | undefined;
  members: Choice[];
  departments: Choice[];
  /** The departments of a member by user id, their main one first ([] when unknown). */
  departmentsOf: (id: string) => string[];
}

/** usePeople loads the workspace's members and departments, to show names instead of ids. */
export function usePeople(ws: string): People {
  const api = useApi();
  const members = useAsync(() => api.members(ws), [api, ws]);
  const departments = useAsync(() => api.departments(ws), [api, ws]);
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const x of members.data ?? []) m.set(x.userId, x.name || x.email);
    for (const d of departments.data ?? []) m.set(d.id, d.name);
    return m;
  }, [members.data, departments.data]);
  const name = useCallback((id: string) => names.get(id), [names]);
  const departmentsOf = useCallback((id: string) => (members.data ?? []).find((m) => m.userId === id)?.departments ?? [], [members.data]);
  return {
    name,
    departmentsOf,
    // Each member with her departments beside the name: two 王磊 in a workspace are told apart
    // by 销售部 and 财务部, as a picker in Jiandaoyun or DingTalk shows them.
    members: useMemo(() => {
      const deptName = new Map((departments.data ?? []).map((d) => [d.id, d.name]));
      return (members.data ?? [])
        .filter((m) => m.status === 'active')
        .map((m) => ({ value: m.userId, label: m.name || m.email, desc: (m.departments ?? []).map((d) => deptName.get(d)).filter(Boolean).join('、') || undefined }));
    }, [members.data, departments.data]),
    departments: useMemo(() => (departments.data ?? []).map((d) => ({ value: d.id, label: d.name })), [departments.data]),
  };
}

export interface AppWithDefinition {
  app: AppInfo;
  /** The latest published version as the member may use it: only forms they hold a grant on, cut to their field rules. */
  definition?: AppRuntime;
}

/** shownRuntime lets each lookup of a runtime read as the field it shows. */
function shownRuntime(d: AppRuntime): AppRuntime {
  const forms = lookupsShown(d.forms);
  return forms === d.forms ? d : { ...d, forms };
}

/**
 * useAppDefinition loads an app as the signed-in member may use it, from the one endpoint
 * every member with a grant may read (never the draft or a whole version, which only
 * designers may read). An app without a published version is, for designers, the app alone.
 */
export function useAppDefinition(ws: string, appId: string): AsyncState<AppWithDefinition> {
  const api = useApi();
  return useAsync(async () => {
    try {
      const definition = shownRuntime(await api.appRuntime(ws, appId));
      return { app: { id: definition.id, key: definition.key, name: definition.name, published: definition.version }, definition };
    } catch (err) {
      if (isApiError(err) && err.status === 409) return { app: await api.app(ws, appId) };
      throw err;
    }
  }, [api, ws, appId]);
}

/**
 * useRecordDefinition is useAppDefinition for a record page: when the app's runtime is not
 * found (a pipeline participant holding no role in the app), it falls back to the record's
 * own runtime — its form cut to what the member may see of that record.
 */
export function useRecordDefinition(ws: string, appId: string, form: string, id: string): AsyncState<AppWithDefinition> {
  const api = useApi();
  return useAsync(async () => {
    let definition: AppRuntime;
    try {
      definition = await api.appRuntime(ws, appId);
    } catch (err) {
      if (isApiError(err) && err.status === 409) return { app: await api.app(ws, appId) };
      if (!isApiError(err) || err.status !== 404) throw err;
      definition = await api.recordRuntime(ws, appId, form, id);
    }
    definition = shownRuntime(definition);
    return { app: { id: definition.id, key: definition.key, name: definition.name, published: definition.version }, definition };
  }, [api, ws, appId, form, id]);
}

/** appPath and recordPath are the UI's addresses of an app (optionally one form) and a record. */
export function appPath(ws: string, app: string, form?: string): string {
  const base = `/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}`;
  return form ? `${base}/forms/${encodeURIComponent(form)}` : base;
}

export function recordPath(ws: string, app: string, form: string, id: string): string {
  return `${appPath(ws, app, form)}/records/${encodeURIComponent(id)}`;
}
