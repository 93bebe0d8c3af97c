import type { DraftProblem } from './draftStore';

/**
 * Server problems are keyed by JSON pointers into the template ("/pipelines/0/nodes/3/assignees").
 * A designer asks for the problems under the element it draws, so each problem lands on the
 * node, cell, widget or field its pointer names.
 */

/** toProblems turns a refused save's field errors into draft problems. */
export function toProblems(fields: Record<string, { code?: string; message: string }>): DraftProblem[] {
  return Object.entries(fields).map(([pointer, fe]) => ({ pointer, code: fe.code ?? '', message: fe.message }));
}

/** isUnder says whether pointer is prefix itself or lies inside it. */
export function isUnder(pointer: string, prefix: string): boolean {
  if (prefix === '' || prefix === '/') return true;
  return pointer === prefix || pointer.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/** problemsUnder lists the problems whose pointer lies at or inside prefix. */
export function problemsUnder(problems: readonly DraftProblem[], prefix: string): DraftProblem[] {
  return problems.filter((p) => isUnder(p.pointer, prefix));
}

/** escapePointerToken escapes one key for a JSON pointer (RFC 6901). */
export function escapePointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** pointerOf builds a JSON pointer from its tokens. */
export function pointerOf(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}
