import { NumberSettings } from '../settings/NumberSettings';
import type { PanelProps } from '../settings/panel';

/** MoneySettings: the money field's own settings in the form designer. */
export function MoneySettings(p: PanelProps) {
  return <NumberSettings {...p} />;
}
