import type { Department } from '../../shared/api/types';

export interface DeptNode {
  dept: Department;
  children: DeptNode[];
  /** Number of ancestors: 0 for a root. */
  depth: number;
}

/**
 * buildDeptTree turns the API's flat list (each item naming its parent) into a forest.
 * Items keep the list's order among siblings. A department whose parent is missing from
 * the list is shown as a root rather than lost, and a parent cycle (which the server
 * should never produce) is broken instead of looping.
 */
export function buildDeptTree(list: readonly Department[]): DeptNode[] {
  const byId = new Map<string, Department>();
  for (const d of list) byId.set(d.id, d);

  const childrenOf = new Map<string, Department[]>();
  const roots: Department[] = [];
  for (const d of list) {
    if (d.parent && d.parent !== d.id && byId.has(d.parent) && !inCycle(d, byId)) {
      const siblings = childrenOf.get(d.parent) ?? [];
      siblings.push(d);
      childrenOf.set(d.parent, siblings);
    } else {
      roots.push(d);
    }
  }

  const build = (d: Department, depth: number): DeptNode => ({
    dept: d,
    depth,
    children: (childrenOf.get(d.id) ?? []).map((c) => build(c, depth + 1)),
  });
  return roots.map((r) => build(r, 0));
}

/** Whether following parents from d comes back to d (d is on a cycle). */
function inCycle(d: Department, byId: Map<string, Department>): boolean {
  const seen = new Set<string>();
  let p = byId.get(d.parent);
  while (p) {
    if (p.id === d.id) return true;
    if (seen.has(p.id)) return false; // a cycle further up, not through d
    seen.add(p.id);
    p = p.parent ? byId.get(p.parent) : undefined;
  }
  return false;
}

/** descendantIds lists a department's id and the ids of everything below it. */
export function descendantIds(list: readonly Department[], id: string): Set<string> {
  const out = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of list) {
      if (!out.has(d.id) && out.has(d.parent)) {
        out.add(d.id);
        grew = true;
      }
    }
  }
  return out;
}

/** The full path of a department, e.g. "Sales / East". */
export function deptPath(list: readonly Department[], id: string, sep = ' / '): string {
  const byId = new Map(list.map((d) => [d.id, d]));
  const names: string[] = [];
  const seen = new Set<string>();
  let d = byId.get(id);
  while (d && !seen.has(d.id)) {
    seen.add(d.id);
    names.unshift(d.name);
    d = d.parent ? byId.get(d.parent) : undefined;
  }
  return names.join(sep);
}
