import type { Json, JsonObject } from '../form/designer';

/**
 * A task or approval node's action switches (the format's "allow", docs/pipelines.md): which
 * actions its people are offered and where a return may go. A switch absent is on, so the
 * model writes only the switches turned off and drops "allow" when nothing is left.
 */

export const SWITCHES = ['return', 'transfer', 'addApprover', 'withdraw', 'cc'] as const;
export type Switch = (typeof SWITCHES)[number];

/** Where a return may go: a kind, or (any other text) the key of one earlier node. */
export const RETURN_KINDS = ['any', 'start', 'previous'] as const;

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** switchOn reads one switch of a node's allow. */
export function switchOn(allow: Json | undefined, s: Switch): boolean {
  return !isObject(allow) || allow[s] !== false;
}

/** returnToOf reads where a return may go (default "any"). */
export function returnToOf(allow: Json | undefined): string {
  return isObject(allow) && typeof allow.returnTo === 'string' ? allow.returnTo : 'any';
}

function tidy(out: JsonObject): JsonObject | undefined {
  return Object.keys(out).length > 0 ? out : undefined;
}

/** withSwitch turns one switch on or off; the answer is the node's new allow (undefined: all defaults). */
export function withSwitch(allow: Json | undefined, s: Switch, on: boolean): JsonObject | undefined {
  const out: JsonObject = isObject(allow) ? { ...allow } : {};
  if (on) delete out[s];
  else out[s] = false;
  if (s === 'return' && !on) delete out.returnTo; // where to no longer matters
  return tidy(out);
}

/** withReturnTo sets where a return may go ("any" is the default and is not written). */
export function withReturnTo(allow: Json | undefined, to: string): JsonObject | undefined {
  const out: JsonObject = isObject(allow) ? { ...allow } : {};
  if (to === 'any' || to === '') delete out.returnTo;
  else out.returnTo = to;
  return tidy(out);
}
