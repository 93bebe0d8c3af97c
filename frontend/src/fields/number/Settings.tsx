import { NumberSettings } from '../settings/NumberSettings';
import type { PanelProps } from '../settings/panel';

/** NumberTypeSettings: the number field's own settings in the form designer. */
export function NumberTypeSettings(p: PanelProps) {
  return <NumberSettings {...p} />;
}
