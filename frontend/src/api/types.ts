/** Shapes of the API's JSON, as documented for /api/v1. */

export interface User {
  id: string;
  email: string;
  name: string;
  admin: boolean;
}

/** What login, setup and GET /auth/me answer with. */
export interface Session {
  user: User;
  csrfToken: string;
}

export interface SetupInfo {
  email: string;
  name: string;
  workspace: { id: string; name: string };
}

export type WorkspaceRole = 'owner' | 'admin' | 'member';

export interface Workspace {
  id: string;
  name: string;
  role?: WorkspaceRole;
  created?: string;
}

export type MemberStatus = 'active' | 'pending';

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: WorkspaceRole;
  status: MemberStatus;
  departments: string[];
}

export interface Invitation {
  member: Member;
  /** Present only when the invitee had no account yet. */
  setup?: { token: string; url: string };
}

export interface Department {
  id: string;
  name: string;
  /** "" for a root department. */
  parent: string;
  /** userId of the head, or "". */
  head: string;
  created?: string;
}

export interface ListResponse<T> {
  items: T[];
}
