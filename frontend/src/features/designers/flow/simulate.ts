import type { Api } from '../../../shared/api/endpoints';

/** One node of a simulated run, as the server answers it. */
export interface SimStep {
  node: string;
  type: string;
  name?: Record<string, string>;
  from?: string;
  assignees?: string[];
  fallback?: boolean;
  mode?: string;
  due?: string;
  branch?: string;
  else?: boolean;
}

/** The server's answer to "try it": the path a record would take and who would be asked. */
export interface Simulation {
  pipeline: string;
  form: string;
  version: number;
  steps: SimStep[];
  outcome?: string;
  stop?: { code: string; node?: string; en: string; zh: string };
  joined?: string[];
  now: string;
}

export interface SimulateInput {
  pipeline: string;
  /** 0: the saved draft; n: published version n. */
  version: number;
  record: Record<string, unknown>;
  submitter?: string;
}

/** simulate asks the server to walk a flow for a sample record; nothing is created. */
export function simulate(api: Api, ws: string, app: string, input: SimulateInput): Promise<Simulation> {
  return api.client.post<Simulation>(`/workspaces/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/simulate`, input);
}

/** sampleValue keeps only the values a sample record may carry (set, non-empty). */
export function sampleRecord(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)));
}
