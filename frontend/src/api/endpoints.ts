import type { ApiClient } from './client';
import type {
  Department,
  Invitation,
  ListResponse,
  Member,
  Session,
  SetupInfo,
  Workspace,
} from './types';

const seg = encodeURIComponent;

export interface InviteInput {
  email: string;
  name?: string;
  role: 'admin' | 'member';
  departments: string[];
}

export interface DepartmentInput {
  name?: string;
  parent?: string;
  head?: string;
}

/** Api groups the calls the UI makes, one method per route. */
export class Api {
  constructor(readonly client: ApiClient) {}

  login(email: string, password: string): Promise<Session> {
    return this.client.post<Session>('/auth/login', { email, password });
  }

  async logout(): Promise<void> {
    try {
      await this.client.post<void>('/auth/logout');
    } finally {
      this.client.setCsrfToken('');
    }
  }

  me(): Promise<Session> {
    return this.client.get<Session>('/auth/me');
  }

  setupInfo(token: string): Promise<SetupInfo> {
    return this.client.get<SetupInfo>(`/auth/setup/${seg(token)}`);
  }

  completeSetup(token: string, password: string, name?: string): Promise<Session> {
    const body: Record<string, string> = { token, password };
    if (name) body.name = name;
    return this.client.post<Session>('/auth/setup', body);
  }

  async workspaces(): Promise<Workspace[]> {
    return (await this.client.get<ListResponse<Workspace>>('/workspaces')).items ?? [];
  }

  createWorkspace(name: string): Promise<Workspace> {
    return this.client.post<Workspace>('/workspaces', { name });
  }

  workspace(ws: string): Promise<Workspace> {
    return this.client.get<Workspace>(`/workspaces/${seg(ws)}`);
  }

  async members(ws: string): Promise<Member[]> {
    return (await this.client.get<ListResponse<Member>>(`/workspaces/${seg(ws)}/members`)).items ?? [];
  }

  invite(ws: string, input: InviteInput): Promise<Invitation> {
    return this.client.post<Invitation>(`/workspaces/${seg(ws)}/members`, input);
  }

  updateMember(ws: string, userId: string, patch: { role?: string; departments?: string[] }): Promise<Member> {
    return this.client.patch<Member>(`/workspaces/${seg(ws)}/members/${seg(userId)}`, patch);
  }

  removeMember(ws: string, userId: string): Promise<void> {
    return this.client.delete(`/workspaces/${seg(ws)}/members/${seg(userId)}`);
  }

  async departments(ws: string): Promise<Department[]> {
    return (await this.client.get<ListResponse<Department>>(`/workspaces/${seg(ws)}/departments`)).items ?? [];
  }

  createDepartment(ws: string, input: DepartmentInput): Promise<Department> {
    return this.client.post<Department>(`/workspaces/${seg(ws)}/departments`, input);
  }

  updateDepartment(ws: string, id: string, patch: DepartmentInput): Promise<Department> {
    return this.client.patch<Department>(`/workspaces/${seg(ws)}/departments/${seg(id)}`, patch);
  }

  deleteDepartment(ws: string, id: string): Promise<void> {
    return this.client.delete(`/workspaces/${seg(ws)}/departments/${seg(id)}`);
  }
}
