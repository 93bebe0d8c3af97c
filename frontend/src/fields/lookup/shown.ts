import type { FormDef, JsonSchema } from '../../shared/api/types';
import { lookupShape } from './model';
import type { JsonObject } from '../../features/designers/form/designer';

/**
 * lookupsShown gives each lookup of forms what people need to read its value as the field
 * it shows reads: a date as a date, an option by its label, a number with its precision,
 * people by name. A lookup's own schema need not say (a template written by hand, or
 * before the designer typed lookups), so the shown field's type keywords fill in what the
 * lookup lacks, its options and precision are copied, and `x-formloom.shows` names its
 * type. Lookups whose related form is not among forms (the member may not use it) stay as
 * they are. Pure: forms are not changed.
 */
export function lookupsShown<F extends FormDef>(forms: F[]): F[] {
  const byKey = new Map(forms.map((f) => [f.key, f]));
  const shownIn = (props: Record<string, JsonSchema> | undefined): Record<string, JsonSchema> | undefined => {
    if (!props) return props;
    let out: Record<string, JsonSchema> | undefined;
    for (const [k, p] of Object.entries(props)) {
      let next = p;
      const meta = p['x-formloom'];
      if (meta?.type === 'lookup') {
        next = shown(props, p);
      } else if (p.items?.properties) {
        // A sub-form's rows may hold relations and lookups of their own.
        const rows = shownIn(p.items.properties);
        if (rows !== p.items.properties) next = { ...p, items: { ...p.items, properties: rows } };
      }
      if (next !== p) {
        out ??= { ...props };
        out[k] = next;
      }
    }
    return out ?? props;
  };
  const shown = (props: Record<string, JsonSchema>, lookup: JsonSchema): JsonSchema => {
    const meta = lookup['x-formloom']!;
    const rel = props[typeof meta.relation === 'string' ? meta.relation : '']?.['x-formloom'];
    if (rel?.type !== 'relation' || typeof rel.form !== 'string' || typeof meta.field !== 'string') return lookup;
    const target = byKey.get(rel.form)?.schema.properties?.[meta.field];
    const tmeta = target?.['x-formloom'];
    if (!target || !tmeta) return lookup;
    const shape = lookupShape(target as JsonObject, rel.multiple === true) as JsonSchema;
    const extra: Record<string, unknown> = { shows: tmeta.type };
    for (const k of ['options', 'precision', 'currency']) if (tmeta[k] !== undefined && meta[k] === undefined) extra[k] = tmeta[k];
    // The lookup's own type keywords, when it has them, are what the server holds it to.
    return { ...shape, ...lookup, 'x-formloom': { ...meta, ...extra } };
  };
  let changed = false;
  const out = forms.map((f) => {
    const props = shownIn(f.schema.properties);
    if (props === f.schema.properties) return f;
    changed = true;
    return { ...f, schema: { ...f.schema, properties: props } };
  });
  return changed ? out : forms;
}
