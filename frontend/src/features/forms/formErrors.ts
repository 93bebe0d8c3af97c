import type { FieldError } from '../../shared/api/errors';

export type NamePath = (string | number)[];

/** pointerToPath turns a JSON pointer ("/departments/0") into a form name path. */
export function pointerToPath(pointer: string): NamePath {
  if (pointer === '' || pointer === '/') return [];
  const raw = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  return raw.split('/').map((s) => {
    const seg = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : seg;
  });
}

export interface MappedFieldErrors {
  /** Errors for fields the form has, ready for antd's form.setFields. */
  fields: { name: NamePath; errors: string[] }[];
  /** Messages for pointers that match no field of the form; show them elsewhere. */
  unmatched: string[];
}

function startsWith(path: NamePath, prefix: NamePath): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

/**
 * mapFieldErrors assigns server field errors to the form's fields. A pointer goes to the
 * longest known field that contains it, so "/departments/2" lands on the "departments"
 * select; several messages on one field are all kept.
 */
export function mapFieldErrors(
  errors: Record<string, FieldError>,
  known: readonly (string | NamePath)[],
): MappedFieldErrors {
  const knownPaths = known.map((k) => (typeof k === 'string' ? [k] : k));
  const byKey = new Map<string, { name: NamePath; errors: string[] }>();
  const unmatched: string[] = [];
  for (const [pointer, fe] of Object.entries(errors)) {
    const path = pointerToPath(pointer);
    let best: NamePath | undefined;
    for (const k of knownPaths) {
      if (k.length > 0 && startsWith(path, k) && (!best || k.length > best.length)) best = k;
    }
    if (!best) {
      unmatched.push(fe.message);
      continue;
    }
    const key = JSON.stringify(best);
    const entry = byKey.get(key) ?? { name: best, errors: [] };
    entry.errors.push(fe.message);
    byKey.set(key, entry);
  }
  return { fields: [...byKey.values()], unmatched };
}
