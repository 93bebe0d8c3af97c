import type { Api } from '../../../shared/api/endpoints';
import type { ListResponse } from '../../../shared/api/types';

/**
 * Automation run history (GET …/apps/{app}/automations/{key}/runs, docs/automations.md):
 * the types the server answers and pure helpers that turn a run into what the runs list
 * shows.
 */

export type RunOutcome = 'ok' | 'failed' | 'skipped';
export type ActionOutcome = 'done' | 'queued' | 'retrying' | 'failed';

export interface RunWords {
  en: string;
  'zh-CN': string;
}

export interface AutomationRun {
  id: string;
  automation: string;
  form: string;
  record: string;
  event: string;
  at: string;
  tookMs: number;
  outcome: RunOutcome;
  error?: RunWords;
  failedAction?: number;
  attempt?: number;
  retry?: boolean;
  actions?: { type: string; outcome: ActionOutcome; error?: RunWords; attempts?: number }[];
}

const seg = encodeURIComponent;

export async function automationRuns(api: Api, ws: string, app: string, key: string): Promise<AutomationRun[]> {
  return (await api.client.get<ListResponse<AutomationRun>>(`/workspaces/${seg(ws)}/apps/${seg(app)}/automations/${seg(key)}/runs`)).items ?? [];
}

/** wordsIn picks a run text in the reader's language. */
export function wordsIn(w: RunWords | undefined, language: string): string {
  if (!w) return '';
  return language.startsWith('en') ? w.en || w['zh-CN'] : w['zh-CN'] || w.en;
}

/** outcomeColor is the tag colour of an outcome. */
export function outcomeColor(o: RunOutcome | ActionOutcome): string {
  switch (o) {
    case 'ok':
    case 'done':
      return 'success';
    case 'failed':
      return 'error';
    case 'retrying':
    case 'queued':
      return 'warning';
    default:
      return 'default';
  }
}

/** duration says how long a run took: "35 ms", "1.2 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}

export interface RunTally {
  ok: number;
  failed: number;
  skipped: number;
}

/** tally counts a history's runs by outcome (the summary above the list). */
export function tally(runs: AutomationRun[]): RunTally {
  const t: RunTally = { ok: 0, failed: 0, skipped: 0 };
  for (const r of runs) if (r.outcome in t) t[r.outcome] += 1;
  return t;
}

/**
 * failure says which action failed and why, for the list: the failed action's 1-based
 * number and type (from the run's actions, or the action index the server names) and the
 * error in the language. Undefined when the run did not fail.
 */
export function failure(run: AutomationRun, actionTypes: string[], language: string): { step?: number; type?: string; text: string } | undefined {
  if (run.outcome !== 'failed') return undefined;
  const step = run.failedAction && run.failedAction > 0 ? run.failedAction : undefined;
  const type = step ? (run.actions?.[step - 1]?.type ?? actionTypes[step - 1]) : undefined;
  return { step, type, text: wordsIn(run.error, language) };
}
