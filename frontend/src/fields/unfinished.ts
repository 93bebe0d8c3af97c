import type { JsonObject, Template } from '../features/designers/form/designer';
import { lookupProblems } from './lookup/model';
import { relationProblem } from './relation/model';
import { patternOk } from './serial/model';
import { metaOf, propsOf } from './settings/schema';

/**
 * unfinished lists the fields of schema (a form's, or a sub-form's rows) whose own settings the
 * server would refuse as they stand — a relation without a form of the app, a lookup without
 * a relation or a field to show, a serial number without a valid pattern — so that the
 * designer marks them on the canvas before a save, as it marks the server's problems.
 */
export function unfinished(doc: Template, schema: JsonObject): string[] {
  return Object.entries(propsOf(schema))
    .filter(([, prop]) => {
      const meta = metaOf(prop);
      switch (meta.type) {
        case 'relation':
          return relationProblem(doc, prop) !== undefined;
        case 'lookup':
          return Object.keys(lookupProblems(doc, schema, prop)).length > 0;
        case 'serial':
          return !patternOk(typeof meta.pattern === 'string' ? meta.pattern : '');
        default:
          return false;
      }
    })
    .map(([k]) => k);
}
