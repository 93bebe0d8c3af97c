import { OptionsEditor } from '../settings/OptionsEditor';
import type { PanelProps } from '../settings/panel';

/** MultiselectSettings: the multiselect field's own settings in the form designer. */
export function MultiselectSettings(p: PanelProps) {
  return <OptionsEditor options={p.field.options} fixed={p.fixedOptions} onChange={(options) => p.onChange({ options })} />;
}
