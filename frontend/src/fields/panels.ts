import type { PanelProblem, SettingsPanel } from './settings/panel';
import { AttachmentSettings } from './attachment/Settings';
import { FormulaSettings } from './formula/Settings';
import { LookupSettings } from './lookup/Settings';
import { RelationSettings } from './relation/Settings';
import { SerialSettings } from './serial/Settings';
import { MoneySettings } from './money/Settings';
import { MultiselectSettings } from './multiselect/Settings';
import { NumberTypeSettings } from './number/Settings';
import { SelectSettings } from './select/Settings';
import { TextSettings } from './text/Settings';
import { TextareaSettings } from './textarea/Settings';

/**
 * FIELD_PANELS holds each type's own settings panel in the form designer, by type. They are
 * kept apart from registry.ts so that the pure model (lib/designer, generated forms) does not
 * load React components; a type without a panel has only the common settings.
 */
export const FIELD_PANELS: Readonly<Record<string, SettingsPanel>> = {
  text: TextSettings,
  textarea: TextareaSettings,
  number: NumberTypeSettings,
  money: MoneySettings,
  select: SelectSettings,
  multiselect: MultiselectSettings,
  formula: FormulaSettings,
  relation: RelationSettings,
  lookup: LookupSettings,
  serial: SerialSettings,
  attachment: AttachmentSettings,
};

/**
 * PANEL_POINTERS: where in a field's property the server's problems belong to a control of the
 * type's panel, which shows them there in its own words (the server's message names keys);
 * the field's list of problems leaves them out.
 */
export const PANEL_POINTERS: Readonly<Record<string, readonly string[]>> = {
  relation: ['/x-formloom/form'],
  lookup: ['/x-formloom/relation', '/x-formloom/field'],
  serial: ['/x-formloom/pattern'],
};

/** listedProblems are the problems of a field its type's panel does not show on a control of its own. */
export function listedProblems<P extends PanelProblem>(type: string, problems: P[]): P[] {
  const claimed = PANEL_POINTERS[type] ?? [];
  return problems.filter((p) => !claimed.some((s) => p.pointer.endsWith(s)));
}
