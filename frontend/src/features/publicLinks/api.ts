import type { Api } from '../../shared/api/endpoints';
import type { ListResponse } from '../../shared/api/types';
import type { PublicForm, PublicLink, PublicReceipt, PublicStatus } from './model';

/** Calls of the public links (routes in docs/API.md: …/forms/{form}/public-links and /public/…). */

const seg = encodeURIComponent;
const links = (ws: string, app: string, form: string) => `/workspaces/${seg(ws)}/apps/${seg(app)}/forms/${seg(form)}/public-links`;

export async function listLinks(api: Api, ws: string, app: string, form: string): Promise<PublicLink[]> {
  return (await api.client.get<ListResponse<PublicLink>>(links(ws, app, form))).items ?? [];
}

export interface LinkInput {
  owner: string;
  /** Absent: the default fields. */
  fields?: string[];
  show: string[];
}

export function createLink(api: Api, ws: string, app: string, form: string, input: LinkInput): Promise<PublicLink> {
  return api.client.post<PublicLink>(links(ws, app, form), input);
}

/** updateLink changes a live link; fields [] goes back to the default. */
export function updateLink(api: Api, ws: string, app: string, form: string, id: string, change: { fields: string[]; show: string[] }): Promise<PublicLink> {
  return api.client.patch<PublicLink>(`${links(ws, app, form)}/${seg(id)}`, change);
}

export function revokeLink(api: Api, ws: string, app: string, form: string, id: string): Promise<void> {
  return api.client.delete(`${links(ws, app, form)}/${seg(id)}`);
}

export function publicForm(api: Api, token: string): Promise<PublicForm> {
  return api.client.get<PublicForm>(`/public/forms/${seg(token)}`);
}

export function submitPublic(api: Api, token: string, data: Record<string, unknown>): Promise<PublicReceipt> {
  return api.client.post<PublicReceipt>(`/public/forms/${seg(token)}`, data);
}

export function publicStatus(api: Api, token: string): Promise<PublicStatus> {
  return api.client.get<PublicStatus>(`/public/status/${seg(token)}`);
}
