import { MaxLengthSetting } from '../settings/NumberSettings';
import type { PanelProps } from '../settings/panel';

/** TextareaSettings: the textarea field's own settings in the form designer. */
export function TextareaSettings(p: PanelProps) {
  return <MaxLengthSetting {...p} />;
}
