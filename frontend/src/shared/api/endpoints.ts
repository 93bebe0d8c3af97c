import type { ApiClient } from './client';
import { errorFromBody } from './errors';
import type {
  ActionInput,
  RecordChoice,
  AppDefinition,
  AppInfo,
  AppRuntime,
  AppVersion,
  PublishPreview,
  BulkAction,
  BulkItem,
  BulkResult,
  DashboardData,
  Department,
  HistoryEvent,
  RecordHistory,
  ImportReport,
  InboxApp,
  InboxBox,
  InboxCounts,
  InboxItem,
  Invitation,
  ReissuedLink,
  ListResponse,
  Member,
  NotificationPage,
  Page,
  RecordItem,
  Session,
  SetupInfo,
  TemplateInfo,
  ViewDef,
  ViewGroup,
  ViewPage,
  Workspace,
  BusinessCalendar,
  FileInfo,
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

  /** renameMe changes the name colleagues see the signed-in person by. */
  renameMe(name: string): Promise<Session> {
    return this.client.patch<Session>('/auth/me', { name });
  }

  /** changePassword sets a new password; the server ends the person's other sessions. */
  changePassword(current: string, password: string): Promise<void> {
    return this.client.post<void>('/auth/password', { current, password });
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

  /** calendar is the workspace's business calendar, which NETWORKDAYS and WORKDAY count on. */
  calendar(ws: string): Promise<BusinessCalendar> {
    return this.client.get<BusinessCalendar>(`/workspaces/${seg(ws)}/calendar`);
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

  /** reissueSetupLink is a new one-time link for a member: the invitation again, or a password reset. */
  reissueSetupLink(ws: string, userId: string): Promise<ReissuedLink> {
    return this.client.post<ReissuedLink>(`/workspaces/${seg(ws)}/members/${seg(userId)}/setup-link`);
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

  async apps(ws: string): Promise<AppInfo[]> {
    return (await this.client.get<ListResponse<AppInfo>>(`/workspaces/${seg(ws)}/apps`)).items ?? [];
  }

  app(ws: string, app: string): Promise<AppInfo> {
    return this.client.get<AppInfo>(`/workspaces/${seg(ws)}/apps/${seg(app)}`);
  }

  /** The definition of a published version: its forms (JSON Schemas) and pipelines. */
  appVersion(ws: string, app: string, version: number): Promise<AppDefinition> {
    return this.client.get<AppDefinition>(`/workspaces/${seg(ws)}/apps/${seg(app)}/versions/${version}`);
  }

  /** The app as the signed-in member may use it: forms cut to their field rules, with their actions. */
  appRuntime(ws: string, app: string): Promise<AppRuntime> {
    return this.client.get<AppRuntime>(`${appApiPath(ws, app)}/runtime`);
  }

  /** One record's form as the signed-in member may see it (pipeline participants without a role included): that form alone, no form actions beyond reading. */
  recordRuntime(ws: string, app: string, form: string, id: string): Promise<AppRuntime> {
    return this.client.get<AppRuntime>(`${appApiPath(ws, app)}/forms/${seg(form)}/records/${seg(id)}/runtime`);
  }

  /** The app's draft template, whole (owners, admins and the app's managers). */
  draft(ws: string, app: string): Promise<unknown> {
    return this.client.get<unknown>(`${appApiPath(ws, app)}/draft`);
  }

  /** previewForm compiles a draft form's schema on the server and computes its formulas on sample values. */
  previewForm(ws: string, app: string, schema: unknown, sample: Record<string, unknown>): Promise<FormPreview> {
    return this.client.post<FormPreview>(`/workspaces/${seg(ws)}/apps/${seg(app)}/preview-form`, { schema, sample });
  }

  /** saveDraft replaces the draft; a refused template is 422 with problems keyed by JSON pointers. */
  saveDraft(ws: string, app: string, template: unknown): Promise<AppInfo> {
    return this.client.put<AppInfo>(`${appApiPath(ws, app)}/draft`, template);
  }

  /** publishPreview answers what publishing the saved draft would change, runs in progress and records of broken forms; nothing is published. */
  publishPreview(ws: string, app: string): Promise<PublishPreview> {
    return this.client.get<PublishPreview>(`${appApiPath(ws, app)}/publish-preview`);
  }

  /** publish freezes the saved draft as the next version and answers what changed. */
  publish(ws: string, app: string): Promise<AppVersion> {
    return this.client.post<AppVersion>(`${appApiPath(ws, app)}/publish`);
  }

  async versions(ws: string, app: string): Promise<AppVersion[]> {
    return (await this.client.get<ListResponse<AppVersion>>(`${appApiPath(ws, app)}/versions`)).items ?? [];
  }

  async templates(ws: string): Promise<TemplateInfo[]> {
    return (await this.client.get<ListResponse<TemplateInfo>>(`/workspaces/${seg(ws)}/templates`)).items ?? [];
  }

  /** createApp creates an app from a definition (a template document), published as version 1. */
  createApp(ws: string, definition: unknown): Promise<AppInfo> {
    return this.client.post<AppInfo>(`/workspaces/${seg(ws)}/apps`, { definition });
  }

  /** installTemplate creates an app from a gallery template; sampleData adds the starter's sample records. */
  installTemplate(ws: string, template: string, sampleData = false): Promise<AppInfo> {
    return this.client.post<AppInfo>(`/workspaces/${seg(ws)}/apps`, sampleData ? { template, sampleData } : { template });
  }

  records(
    ws: string,
    app: string,
    form: string,
    opts: { cursor?: string; limit?: number; filter?: string; sort?: string; deleted?: boolean; total?: boolean } = {},
  ): Promise<Page<RecordItem>> {
    const q = new URLSearchParams();
    if (opts.limit) q.set('limit', String(opts.limit));
    if (opts.total) q.set('total', 'true');
    if (opts.cursor) q.set('cursor', opts.cursor);
    if (opts.filter) q.set('filter', opts.filter);
    if (opts.sort) q.set('sort', opts.sort);
    if (opts.deleted) q.set('deleted', 'true');
    const qs = q.toString();
    return this.client.get<Page<RecordItem>>(`${formPath(ws, app, form)}/records${qs ? `?${qs}` : ''}`);
  }

  createRecord(ws: string, app: string, form: string, data: Record<string, unknown>, draft = false): Promise<RecordItem> {
    return this.client.post<RecordItem>(`${formPath(ws, app, form)}/records${draft ? '?draft=true' : ''}`, data);
  }

  /** The server's verdict on a new record, without storing it: resolves when valid, rejects with the 422 a create would give. */
  /**
   * checkRecord asks whether a new record would be accepted, storing nothing. The server
   * answers a refusal as 200 {"valid": false, "error": …} (not a 422 the browser would log
   * at every keystroke); it rejects here with that error, as a create would.
   */
  async checkRecord(ws: string, app: string, form: string, data: Record<string, unknown>): Promise<{ valid: true }> {
    const res = await this.client.post<{ valid: boolean; error?: unknown }>(`${formPath(ws, app, form)}/records/check`, data);
    if (res.valid !== false) return { valid: true };
    throw errorFromBody(422, res, 'invalid');
  }

  /** The linked defaults (数据联动) of a form for the values being filled: field → value, null when no readable record matches. */
  linkage(ws: string, app: string, form: string, data: Record<string, unknown>): Promise<{ values: Record<string, unknown> }> {
    return this.client.post<{ values: Record<string, unknown> }>(`${formPath(ws, app, form)}/linkage`, data);
  }

  /**
   * recordChoices lists records of a form a relation field may link: the newest whose serial
   * number or title holds `q`, or those named by `ids` (to show chosen values by name); only
   * records the member may read.
   */
  recordChoices(ws: string, app: string, form: string, by: { q?: string; ids?: readonly string[] }): Promise<{ items: RecordChoice[] }> {
    const q = new URLSearchParams();
    if (by.ids) q.set('ids', by.ids.join(','));
    else if (by.q) q.set('q', by.q);
    const qs = q.toString();
    return this.client.get<{ items: RecordChoice[] }>(`${formPath(ws, app, form)}/choices${qs ? `?${qs}` : ''}`);
  }

  /** updateRecord changes some fields; `version` is sent as If-Match, so a change made meanwhile is 409. */
  updateRecord(ws: string, app: string, form: string, id: string, version: number, data: Record<string, unknown>): Promise<RecordItem> {
    return this.client.patch<RecordItem>(`${formPath(ws, app, form)}/records/${seg(id)}`, data, { headers: { 'If-Match': String(version) } });
  }

  deleteRecord(ws: string, app: string, form: string, id: string, version?: number): Promise<void> {
    return this.client.delete(`${formPath(ws, app, form)}/records/${seg(id)}`, { headers: { 'If-Match': version === undefined ? '*' : String(version) } });
  }

  restoreRecord(ws: string, app: string, form: string, id: string, version?: number): Promise<RecordItem> {
    return this.client.post<RecordItem>(`${formPath(ws, app, form)}/records/${seg(id)}/restore`, undefined, {
      headers: { 'If-Match': version === undefined ? '*' : String(version) },
    });
  }

  /** exportUrl is where the browser downloads the form's records (the session cookie authenticates it). */
  exportUrl(ws: string, app: string, form: string, format: 'csv' | 'xlsx', opts: { filter?: string; sort?: string } = {}): string {
    const q = new URLSearchParams({ format });
    if (opts.filter) q.set('filter', opts.filter);
    if (opts.sort) q.set('sort', opts.sort);
    return `/api/v1${formPath(ws, app, form)}/export?${q.toString()}`;
  }

  /** importRecords sends a CSV or XLSX file; dryRun checks every row and stores nothing. */
  importRecords(ws: string, app: string, form: string, file: Blob, dryRun: boolean): Promise<ImportReport> {
    return this.client.upload<ImportReport>(`${formPath(ws, app, form)}/import?dryRun=${dryRun ? 'true' : 'false'}`, file);
  }

  importJob(ws: string, app: string, form: string, job: string): Promise<ImportReport> {
    return this.client.get<ImportReport>(`${formPath(ws, app, form)}/imports/${seg(job)}`);
  }

  record(ws: string, app: string, form: string, id: string): Promise<RecordItem> {
    return this.client.get<RecordItem>(`${formPath(ws, app, form)}/records/${seg(id)}`);
  }

  /**
   * uploadFile sends a file to an attachment field (`items.photo` for a sub-form's column)
   * before a record names it; record, when given, is the record whose open step lets the
   * member fill the field (an approver without a role that writes the form).
   */
  uploadFile(ws: string, app: string, form: string, field: string, file: File, record?: string, onProgress: (sent: number) => void = () => {}): Promise<FileInfo> {
    const q = new URLSearchParams({ filename: file.name });
    if (record) q.set('record', record);
    return this.client.uploadWithProgress<FileInfo>(`${formPath(ws, app, form)}/fields/${seg(field)}/files?${q.toString()}`, file, onProgress);
  }

  /** uploadPublicFile sends a file from a public link's visitor to a field the link exposes. */
  uploadPublicFile(token: string, field: string, file: File, onProgress: (sent: number) => void = () => {}): Promise<FileInfo> {
    const q = new URLSearchParams({ filename: file.name });
    return this.client.uploadWithProgress<FileInfo>(`/public/forms/${seg(token)}/fields/${seg(field)}/files?${q.toString()}`, file, onProgress);
  }

  /** fileUrl is where a file attached to a record is read (previews, downloads). */
  fileUrl(ws: string, app: string, form: string, record: string, file: string): string {
    return `/api/v1${formPath(ws, app, form)}/records/${seg(record)}/files/${seg(file)}`;
  }

  /** The files a record holds, as the member sees it: names, sizes and types for previews. */
  async recordFiles(ws: string, app: string, form: string, id: string): Promise<FileInfo[]> {
    const page = await this.client.get<{ items?: FileInfo[] }>(`${formPath(ws, app, form)}/records/${seg(id)}/files`);
    return page.items ?? [];
  }

  /** history reads a record's whole timeline, with the files its changes name (also those the record no longer holds). */
  async history(ws: string, app: string, form: string, id: string): Promise<RecordHistory> {
    const out: RecordHistory = { events: [], files: [] };
    let cursor = '';
    // The timeline is short; read it whole, page by page (bounded).
    for (let i = 0; i < 20; i++) {
      const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
      const page = await this.client.get<Page<HistoryEvent> & { files?: FileInfo[] }>(`${formPath(ws, app, form)}/records/${seg(id)}/history${q}`);
      out.events.push(...(page.items ?? []));
      out.files.push(...(page.files ?? []));
      if (!page.next) break;
      cursor = page.next;
    }
    return out;
  }

  act(ws: string, app: string, form: string, id: string, action: string, input: ActionInput): Promise<RecordItem> {
    return this.client.post<RecordItem>(`${formPath(ws, app, form)}/records/${seg(id)}/actions/${seg(action)}`, input);
  }

  /** bulkAct takes one decision on many inbox items; each result is what the single action answered. */
  async bulkAct(ws: string, action: BulkAction, items: BulkItem[], comment?: string, data?: Record<string, unknown>): Promise<BulkResult[]> {
    const body: Record<string, unknown> = { action, items };
    if (comment?.trim()) body.comment = comment.trim();
    if (data && Object.keys(data).length > 0) body.data = data;
    return (await this.client.post<{ results: BulkResult[] }>(`/workspaces/${seg(ws)}/inbox/actions`, body)).results ?? [];
  }

  async views(ws: string, app: string): Promise<ViewDef[]> {
    return (await this.client.get<ListResponse<ViewDef>>(`${appApiPath(ws, app)}/views`)).items ?? [];
  }

  viewRecords(ws: string, app: string, view: string, opts: { cursor?: string; limit?: number; group?: string; filter?: string } = {}): Promise<ViewPage> {
    const q = new URLSearchParams();
    if (opts.group !== undefined) q.set('group', opts.group);
    if (opts.filter) q.set('filter', opts.filter); // ANDed with the view's own
    if (opts.limit) q.set('limit', String(opts.limit));
    if (opts.cursor) q.set('cursor', opts.cursor);
    const qs = q.toString();
    return this.client.get<ViewPage>(`${appApiPath(ws, app)}/views/${seg(view)}/records${qs ? `?${qs}` : ''}`);
  }

  async viewGroups(ws: string, app: string, view: string): Promise<ViewGroup[]> {
    return (await this.client.get<ListResponse<ViewGroup>>(`${appApiPath(ws, app)}/views/${seg(view)}/groups`)).items ?? [];
  }

  dashboardData(ws: string, app: string, dashboard: string): Promise<DashboardData> {
    return this.client.get<DashboardData>(`${appApiPath(ws, app)}/dashboards/${seg(dashboard)}/data`);
  }

  /** inbox reads a page of a box, of one app when app is given. */
  inbox(ws: string, box: InboxBox, cursor?: string, app?: string): Promise<Page<InboxItem>> {
    const q = new URLSearchParams({ box, limit: '20' });
    if (app) q.set('app', app);
    if (cursor) q.set('cursor', cursor);
    return this.client.get<Page<InboxItem>>(`/workspaces/${seg(ws)}/inbox?${q.toString()}`);
  }

  /** inboxApps lists the apps a box holds items of, most first, and the chosen app (count 0) when it holds none. */
  async inboxApps(ws: string, box: InboxBox, chosen?: string): Promise<InboxApp[]> {
    const q = new URLSearchParams({ box });
    if (chosen) q.set('app', chosen);
    const r = await this.client.get<{ items: InboxApp[] }>(`/workspaces/${seg(ws)}/inbox/apps?${q.toString()}`);
    return r.items ?? [];
  }

  inboxCounts(ws: string): Promise<InboxCounts> {
    return this.client.get<InboxCounts>(`/workspaces/${seg(ws)}/inbox/counts`);
  }

  notifications(ws: string, unread = false): Promise<NotificationPage> {
    return this.client.get<NotificationPage>(`/workspaces/${seg(ws)}/notifications?limit=20${unread ? '&unread=true' : ''}`);
  }

  markNotificationsRead(ws: string, ids?: string[]): Promise<{ marked: number }> {
    return this.client.post<{ marked: number }>(`/workspaces/${seg(ws)}/notifications/read`, ids ? { ids } : {});
  }
}

function appApiPath(ws: string, app: string): string {
  return `/workspaces/${seg(ws)}/apps/${seg(app)}`;
}

function formPath(ws: string, app: string, form: string): string {
  return `${appApiPath(ws, app)}/forms/${seg(form)}`;
}

/** What the server says of a draft form: compile problems, or the sample with its formulas computed. */
export interface FormPreview {
  problems: { pointer: string; code: string; message: Record<string, string> }[];
  values?: Record<string, unknown>;
}
