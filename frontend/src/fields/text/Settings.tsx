import { MaxLengthSetting } from '../settings/NumberSettings';
import type { PanelProps } from '../settings/panel';

/** TextSettings: the text field's own settings in the form designer. */
export function TextSettings(p: PanelProps) {
  return <MaxLengthSetting {...p} />;
}
