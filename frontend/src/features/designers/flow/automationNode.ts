import type { Json, JsonObject, Template } from '../form/designer';
import { pipelineAt, updateNode } from './model';

/**
 * The actions of an automation node (`{"key", "type": "automation", "actions": [...]}`,
 * docs/template-format.md): pure functions over one node's `actions`, the same action objects
 * the automations designer edits. A node keeps 1–20 actions.
 */

export const MAX_NODE_ACTIONS = 20;

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** nodeActions lists the actions of the automation node key in pipeline pi (none for other nodes). */
export function nodeActions(t: Template, pi: number, key: string): JsonObject[] {
  const n = pipelineAt(t, pi)?.nodes.find((x) => x.key === key);
  if (!n || n.type !== 'automation' || !Array.isArray(n.actions)) return [];
  return n.actions.filter(isObject);
}

function isAutomationNode(t: Template, pi: number, key: string): boolean {
  return pipelineAt(t, pi)?.nodes.some((x) => x.key === key && x.type === 'automation') ?? false;
}

/** setNodeActions replaces the node's actions; an empty list or more than 20 are refused (the template is returned as it was). */
export function setNodeActions(t: Template, pi: number, key: string, actions: JsonObject[]): Template {
  if (!isAutomationNode(t, pi, key) || actions.length === 0 || actions.length > MAX_NODE_ACTIONS) return t;
  return updateNode(t, pi, key, { actions: actions.map((a) => structuredClone(a)) });
}

/** addNodeAction appends an action (up to 20). */
export function addNodeAction(t: Template, pi: number, key: string, action: JsonObject): Template {
  return setNodeActions(t, pi, key, [...nodeActions(t, pi, key), action]);
}

/** removeNodeAction drops action i; the last one stays (an automation node needs one). */
export function removeNodeAction(t: Template, pi: number, key: string, i: number): Template {
  const acts = nodeActions(t, pi, key);
  if (i < 0 || i >= acts.length) return t;
  return setNodeActions(t, pi, key, acts.filter((_, j) => j !== i));
}

/** updateNodeAction replaces action i. */
export function updateNodeAction(t: Template, pi: number, key: string, i: number, action: JsonObject): Template {
  const acts = nodeActions(t, pi, key);
  if (i < 0 || i >= acts.length) return t;
  const next = [...acts];
  next[i] = action;
  return setNodeActions(t, pi, key, next);
}

/**
 * splitActionProblems sorts the server's problems on node ni: those inside action i go to that
 * action's editor (byAction[i]); the rest stay with the node.
 */
export function splitActionProblems<P extends { pointer: string }>(problems: readonly P[], pi: number, ni: number): { node: P[]; byAction: Record<number, P[]> } {
  const node: P[] = [];
  const byAction: Record<number, P[]> = {};
  const prefix = `/pipelines/${pi}/nodes/${ni}/actions/`;
  for (const p of problems) {
    const m = p.pointer.startsWith(prefix) ? /^(\d+)(?:\/|$)/.exec(p.pointer.slice(prefix.length)) : null;
    if (m) (byAction[Number(m[1])] ??= []).push(p);
    else node.push(p);
  }
  return { node, byAction };
}
