import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Json } from './designer';
import type { FieldInfo } from '../query/fields';
import { ConditionSetting } from './ConditionSetting';

interface Props {
  /** The field's "required when" condition (the `if` of its allOf entry; undefined: none). */
  value: Json | undefined;
  /** Other form-level rules that can make the field required, shown read-only. */
  others: Json[];
  fields: FieldInfo[];
  onChange: (cond: Json | undefined) => void;
  /** A sub-form column: the condition tests its row. */
  inRow?: boolean;
}

/** RequiredWhenEditor edits a field's "required when" condition (requiredWhen.ts). */
export function RequiredWhenEditor({ value, others, fields, onChange, inRow }: Props) {
  const { t } = useTranslation('forms');
  return (
    <ConditionSetting
      value={value}
      fields={fields}
      onChange={onChange}
      label={t('requiredWhen.label')}
      hint={t(inRow ? 'requiredWhen.rowHint' : 'requiredWhen.hint')}
      testId="field-required-when"
      extra={
        others.length > 0 && (
          <div data-testid="field-required-when-others" style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{t('requiredWhen.others')}</Typography.Text>
            <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', maxHeight: 160, overflow: 'auto' }}>{JSON.stringify(others, null, 2)}</pre>
          </div>
        )
      }
    />
  );
}
