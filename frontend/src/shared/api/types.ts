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
  /** The person has an account and the link sets a new password. */
  reset?: boolean;
  workspace: { id: string; name: string };
}

export type WorkspaceRole = 'owner' | 'admin' | 'member';

export interface Workspace {
  id: string;
  name: string;
  role?: WorkspaceRole;
  created?: string;
  /** The workspace's IANA timezone ("" or absent: the server's default). */
  timezone?: string;
}

/** BusinessCalendar is a workspace's working days (GET /workspaces/{ws}/calendar). */
export interface BusinessCalendar {
  timezone?: string;
  /** Weekdays that are working days, 1 = Monday … 7 = Sunday. */
  workdays?: number[];
  holidays?: string[];
  extraWorkdays?: string[];
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

/** A new one-time link for a member (POST …/members/{id}/setup-link). */
export interface ReissuedLink {
  setup: { token: string; url: string };
  /** true: a password reset; false: the invitation again. */
  reset: boolean;
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

/** A text in both UI languages, as templates and apps carry them. */
export type Localized = Partial<Record<'zh-CN' | 'en', string>> | string;

/** An installed app (GET /workspaces/{ws}/apps). */
export interface AppInfo {
  id: string;
  workspaceId?: string;
  key: string;
  name: Localized;
  source?: string;
  sourceVersion?: string;
  /** The latest published version (0 before the first publish). */
  published: number;
  created?: string;
  updated?: string;
  /** Whether the reader may design the app (only on an app read on its own). */
  canDesign?: boolean;
}

/** One difference between two published versions of a template. */
export interface TemplateChange {
  pointer: string;
  kind: string;
  breaking: boolean;
  form?: string;
  field?: string;
  from?: unknown;
  to?: unknown;
}

/** What publishing the draft would change (GET …/publish-preview). */
export interface PublishPreview {
  from: number;
  to: number;
  changes: TemplateChange[];
  breaking: boolean;
  /** Records whose pipeline run is in progress: they keep version `from`. */
  running: number;
  /** Live records of each form with a breaking change. */
  affected: Record<string, number>;
}

/** A published version (POST …/publish, GET …/versions). */
export interface AppVersion {
  number: number;
  changes: TemplateChange[];
  breaking: boolean;
  publishedBy?: string;
  published?: string;
}

/** An entry of a workspace's template gallery. */
export interface TemplateInfo {
  key: string;
  name: Localized;
  description?: Localized;
  title?: string;
  summary?: string;
  version?: string;
  forms?: number;
  category?: string;
  source?: 'starter' | 'workspace' | string;
}

/** A field's own settings inside its JSON Schema property ("x-formloom"). */
export interface FieldMeta {
  type: string;
  label?: Localized;
  options?: { value: string; label?: Localized }[];
  [k: string]: unknown;
}

/** A JSON Schema as forms carry it; only the parts the UI reads are typed. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  readOnly?: boolean;
  'x-formloom'?: FieldMeta;
  [k: string]: unknown;
}

export interface FormDef {
  key: string;
  name: Localized;
  description?: Localized;
  schema: JsonSchema;
  ui?: { order?: string[]; fields?: Record<string, { width?: string }> };
}

export type FieldRule = 'read' | 'edit' | 'required' | 'hidden';

export interface PipelineNode {
  key: string;
  type: 'start' | 'approval' | 'task' | 'condition' | 'parallel' | 'join' | 'automation' | 'cc' | 'end' | string;
  name?: Localized;
  stage?: string;
  fields?: Record<string, FieldRule>;
  /** Task and approval nodes: actions switched off (absent: on) and where a return may go. */
  allow?: { return?: boolean; returnTo?: string; transfer?: boolean; addApprover?: boolean; withdraw?: boolean; cc?: boolean };
}

export interface PipelineDef {
  key: string;
  form: string;
  name?: Localized;
  autoStart?: boolean;
  nodes: PipelineNode[];
}

/** A published app version's definition (GET …/apps/{app}/versions/{n}). */
export interface AppDefinition {
  key: string;
  name: Localized;
  forms: FormDef[];
  pipelines?: PipelineDef[];
  views?: ViewDef[];
  dashboards?: DashboardDef[];
}

/** What a member may do with a form's records (GET …/apps/{app}/runtime). */
export interface FormActions {
  create: boolean;
  read: boolean;
  update: boolean;
  delete: boolean;
  export: boolean;
  import: boolean;
}

/** A published form as the signed-in member sees it: hidden fields absent, read-only ones listed. */
export interface RuntimeFormDef extends FormDef {
  readOnly: string[];
  actions: FormActions;
}

/** An app as the signed-in member may use it (GET …/apps/{app}/runtime). */
export interface AppRuntime extends AppDefinition {
  id: string;
  version: number;
  /** Owner or admin of the workspace. */
  designer: boolean;
  forms: RuntimeFormDef[];
}

/** A saved view of a template (GET …/views): a table, or a kanban board grouped by a select field. */
export interface ViewDef {
  key: string;
  form: string;
  name: Localized;
  type?: 'table' | 'kanban' | 'calendar' | string;
  columns?: string[];
  groupBy?: string;
  /** A calendar's date or datetime field. */
  date?: string;
  sort?: string[];
  pageSize?: number;
}

/** One page of a view's records, with the columns the caller may see. */
export interface ViewPage extends Page<RecordItem> {
  view: string;
  type: string;
  form: string;
  columns: string[];
  groupBy?: string;
  group?: string;
}

/** A kanban column: an option of the group field (null for records without a value). */
export interface ViewGroup {
  value: string | null;
  label?: Localized;
  count: number;
}

export type ChartType = 'number' | 'bar' | 'line' | 'pie' | 'funnel' | 'table';

export interface WidgetDef {
  key: string;
  name: Localized;
  form: string;
  chart: ChartType | string;
  width?: 'full' | 'half' | 'third';
  /** The widget's place on the dashboard's 12-column grid, as the dashboard designer sets it. */
  layout?: { x: number; y: number; w: number; h: number };
  aggregation?: {
    groupBy?: { field: string; bucket?: string }[];
    metrics?: { op: string; field?: string; as: string }[];
  };
}

export interface DashboardDef {
  key: string;
  name: Localized;
  description?: Localized;
  widgets: WidgetDef[];
}

/** One aggregation group: its key by field path and its metric values. */
export interface AggregateGroup {
  key: Record<string, unknown>;
  values: Record<string, number | null>;
}

/** GET …/dashboards/{key}/data: the dashboard with each widget's groups. */
export interface DashboardData {
  key: string;
  name: Localized;
  widgets: (WidgetDef & { groups?: AggregateGroup[] })[];
}

/** The decisions the inbox takes on many records at once. */
export type BulkAction = 'approve' | 'complete' | 'reject';

export interface BulkItem {
  app: string;
  form: string;
  record: string;
}

/** One record's outcome of a bulk decision, as a single action would have answered. */
export interface BulkResult {
  record: string;
  status: number;
  error?: { status: number; code: string; message: string; fields?: Record<string, { code: string; message: string }> };
}

export type FlowStatus = 'draft' | 'returned' | 'running' | 'approved' | 'rejected' | 'done';

export interface FlowTask {
  id: string;
  assignee: string;
  status: 'open' | string;
  fallback?: boolean;
}

export interface FlowActive {
  id: string;
  node: string;
  entered?: string;
  due?: string;
  overdue?: boolean;
  tasks?: FlowTask[];
}

/** The pipeline run kept in a record. */
export interface Flow {
  pipeline: string;
  version?: number;
  status: FlowStatus;
  initiator?: string;
  started?: string;
  active?: FlowActive[];
}

export interface RecordItem {
  id: string;
  version: number;
  formVersion?: number;
  created?: string;
  updated?: string;
  createdBy?: string;
  updatedBy?: string;
  owner?: string;
  deleted?: boolean;
  data: Record<string, unknown>;
  flow?: Flow;
  stage?: string;
  due?: string;
  overdue?: boolean;
}

export interface Page<T> {
  items: T[];
  next?: string;
  total?: number;
}

export interface HistoryEvent {
  id: string;
  action: string;
  actor: string;
  at: string;
  version?: number;
  comment?: string;
  node?: string;
  changes?: { field: string; from: unknown; to: unknown }[];
  detail?: Record<string, unknown>;
}

/** RecordHistory is a record's timeline and the files its changes name (GET …/records/{id}/history). */
export interface RecordHistory {
  events: HistoryEvent[];
  files: FileInfo[];
}

export type InboxBox = 'todo' | 'done' | 'cc' | 'mine';

export interface InboxItem {
  id: string;
  app: string;
  form: string;
  record: string;
  node?: string;
  nodeName?: Localized;
  stage?: string;
  state?: string;
  initiator?: string;
  created?: string;
  updated?: string;
  due?: string;
  overdue?: boolean;
  actedAt?: string;
  /** The record's serial number and title as the member may read them. */
  serial?: string;
  title?: string;
  /** The app's name, also of apps the member holds no role in. */
  appName?: Localized;
}

/** An app a box of the inbox holds items of, with how many. */
export interface InboxApp {
  app: string;
  name: Localized;
  count: number;
}

export interface InboxCounts {
  todo: number;
  overdue: number;
  done: number;
  cc: number;
  mine: number;
}

export interface NotificationItem {
  id: string;
  app: string;
  form: string;
  record: string;
  kind: string;
  node?: string;
  nodeName?: Localized;
  /** An automation's message, in each language it was written in. */
  text?: Localized;
  /** The record's serial number and title, as the member may read them now. */
  serial?: string;
  title?: string;
  read: boolean;
  created?: string;
}

export interface NotificationPage extends Page<NotificationItem> {
  unread: number;
}

/** The body of POST …/records/{id}/actions/{action}. */
export interface ActionInput {
  /** Which step's task, when the actor holds tasks at several (parallel steps). */
  node?: string;
  comment?: string;
  data?: Record<string, unknown>;
  to?: string;
  member?: string;
  /** addApprover: the added person approves before the actor or after them. */
  position?: 'before' | 'after';
  /** cc: whom to copy the record to. */
  members?: string[];
  /** comment: the members mentioned with "@name", who are notified and may read the record. */
  mentions?: string[];
}

/** The report of an import (POST …/import), or of its background job (GET …/imports/{job}). */
export interface ImportReport {
  job?: string;
  status: 'done' | 'running' | 'failed' | 'interrupted' | string;
  dryRun: boolean;
  total: number;
  done: number;
  valid: number;
  stored: number;
  failed: number;
  bad: { row: number; fields?: Record<string, { code: string; message: string }>; message?: string }[];
  partial?: boolean;
  ignored?: string[];
  missing?: string[];
}

/** An uploaded file's public facts (GET …/records/{id}/files). */
export interface FileInfo {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

/** RecordChoice is a record a relation field may link, named as the member may read it. */
export interface RecordChoice {
  id: string;
  serial?: string;
  title?: string;
}
