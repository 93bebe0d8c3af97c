import type { Api } from '../../shared/api/endpoints';
import type { ListResponse, Localized } from '../../shared/api/types';
import type { MemberRole, RoleDef } from './model';

/** Calls of the members page's app roles (routes in docs/access.md). */

const seg = encodeURIComponent;

export async function memberRoles(api: Api, ws: string, member: string): Promise<MemberRole[]> {
  return (await api.client.get<ListResponse<MemberRole>>(`/workspaces/${seg(ws)}/members/${seg(member)}/roles`)).items ?? [];
}

/** appRoles are the roles the app's latest published version declares. */
export async function appRoles(api: Api, ws: string, app: string, version: number): Promise<RoleDef[]> {
  const def = (await api.appVersion(ws, app, version)) as unknown as { roles?: { key: string; name: Localized }[] };
  return (def.roles ?? []).map((r) => ({ key: r.key, name: r.name }));
}
