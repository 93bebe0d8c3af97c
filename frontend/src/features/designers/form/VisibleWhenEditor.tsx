import { useTranslation } from 'react-i18next';
import type { Json } from './designer';
import type { FieldInfo } from '../query/fields';
import { ConditionSetting } from './ConditionSetting';

interface Props {
  /** The field's stored condition (undefined: always shown). */
  value: Json | undefined;
  /** The form's other fields, which the condition may test. */
  fields: FieldInfo[];
  /** The compiled condition, or undefined to show the field always. */
  onChange: (cond: Json | undefined) => void;
  /** A sub-form column: the condition tests its row. */
  inRow?: boolean;
}

/** VisibleWhenEditor edits a field's "show when" condition (ui.fields[key].visibleWhen). */
export function VisibleWhenEditor({ value, fields, onChange, inRow }: Props) {
  const { t } = useTranslation('forms');
  return <ConditionSetting value={value} fields={fields} onChange={onChange} label={t('visible.label')} hint={t(inRow ? 'visible.rowHint' : 'visible.hint')} testId="field-visible-when" />;
}
