import type { Localized } from '../../shared/api/types';
import { localized } from '../../shared/lib/localized';

/** One app role a member holds (GET …/members/{member}/roles). */
export interface MemberRole {
  app: string;
  appName: Localized;
  role: string;
  roleName: Localized;
  via: 'member' | 'department';
  department?: string;
}

/** A role an app's template declares. */
export interface RoleDef {
  key: string;
  name: Localized;
}

/** roleLabel is "app · role" in the UI language. */
export function roleLabel(r: MemberRole, language: string): string {
  return `${localized(r.appName, language) || r.app} · ${localized(r.roleName, language) || r.role}`;
}

/** addableRoles are the app's roles the member does not already hold directly (a role held
 *  through a department may still be given to them). */
export function addableRoles(roles: RoleDef[], held: MemberRole[], app: string): RoleDef[] {
  const direct = new Set(held.filter((h) => h.app === app && h.via === 'member').map((h) => h.role));
  return roles.filter((r) => !direct.has(r.key));
}
