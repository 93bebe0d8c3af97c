import type { JsonObject } from '../../features/designers/form/designer';
import { FormulaEditor } from '../../features/designers/form/FormulaEditor';
import { PrecisionSetting } from '../settings/NumberSettings';
import type { PanelProps } from '../settings/panel';

/** FormulaSettings: decimals when the result is a number, and the expression. */
export function FormulaSettings(p: PanelProps) {
  const { field, property, formSchema, ws, app, onReplace } = p;
  const meta = (property['x-formloom'] ?? {}) as JsonObject;
  return (
    <>
      {property.type === 'number' && <PrecisionSetting {...p} />}
      <FormulaEditor
        fieldKey={field.key}
        expr={typeof meta.expr === 'string' ? meta.expr : ''}
        formSchema={formSchema}
        ws={ws}
        app={app}
        onChange={(expr) => onReplace({ ...property, 'x-formloom': { ...meta, expr } })}
      />
    </>
  );
}
