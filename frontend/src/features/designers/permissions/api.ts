import type { Api } from '../../../shared/api/endpoints';
import type { ListResponse } from '../../../shared/api/types';

/** Calls of the roles and permissions designer (routes in docs/access.md). */

export interface Assignee {
  user?: string;
  department?: string;
}

export interface ExplainAnswer {
  member: string;
  workspaceRole: string;
  departments: string[];
  form: string;
  record?: string;
  roles: { role: string; via: string; department?: string; through?: string }[];
  actions: { action: string; allowed: boolean; reason: string; recordInScope?: boolean; grants?: { role: string; permission: string; scope: string }[] }[];
  field?: { key: string; access: string; reason: string; rules?: { permission: string; role: string; action: string; rule: string }[] };
}

const seg = encodeURIComponent;
const appPath = (ws: string, app: string) => `/workspaces/${seg(ws)}/apps/${seg(app)}`;

export async function roleAssignees(api: Api, ws: string, app: string, role: string): Promise<Assignee[]> {
  return (await api.client.get<ListResponse<Assignee>>(`${appPath(ws, app)}/roles/${seg(role)}/assignees`)).items ?? [];
}

export function assignRole(api: Api, ws: string, app: string, role: string, who: Assignee): Promise<Assignee> {
  return api.client.post<Assignee>(`${appPath(ws, app)}/roles/${seg(role)}/assignees`, who);
}

export function revokeRole(api: Api, ws: string, app: string, role: string, who: Assignee): Promise<void> {
  const q = who.department ? `department=${seg(who.department)}` : `user=${seg(who.user ?? '')}`;
  return api.client.delete(`${appPath(ws, app)}/roles/${seg(role)}/assignees?${q}`);
}

export function explain(api: Api, ws: string, app: string, q: { member: string; form: string; record?: string; field?: string }): Promise<ExplainAnswer> {
  const p = new URLSearchParams({ member: q.member, form: q.form });
  if (q.record) p.set('record', q.record);
  if (q.field) p.set('field', q.field);
  return api.client.get<ExplainAnswer>(`${appPath(ws, app)}/explain?${p.toString()}`);
}
