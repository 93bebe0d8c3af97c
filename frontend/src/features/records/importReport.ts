import type { ImportReport } from '../../shared/api/types';
import { pointerToPath } from '../forms/formErrors';

/** One problem of an import report, by row and field label: never a raw key or pointer. */
export interface ReportRow {
  key: string;
  row: number;
  field: string;
  message: string;
}

/** reportRows flattens an import report's bad rows, naming each field by its label. */
export function reportRows(rep: ImportReport, label: (field: string) => string): ReportRow[] {
  const out: ReportRow[] = [];
  for (const bad of rep.bad ?? []) {
    const fields = Object.entries(bad.fields ?? {});
    if (fields.length === 0) out.push({ key: `${bad.row}`, row: bad.row, field: '', message: bad.message ?? '' });
    for (const [pointer, p] of fields) {
      const path = pointerToPath(pointer);
      const top = String(path[0] ?? '');
      out.push({ key: `${bad.row}${pointer}`, row: bad.row, field: top ? label(top) : '', message: p.message });
    }
  }
  return out;
}
