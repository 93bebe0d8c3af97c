import { Button, Form, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Json } from '../../../lib/designer';
import { ConditionBuilder } from '../query/ConditionBuilder';
import type { CondGroup } from '../query/conditions';
import type { FieldInfo } from '../query/fields';
import { VISIBLE_OPERATORS, fromVisibleWhen, toVisibleWhen } from './visibleWhen';

interface Props {
  /** The field's stored condition (undefined: always shown). */
  value: Json | undefined;
  /** The form's other fields, which the condition may test. */
  fields: FieldInfo[];
  /** The compiled condition, or undefined to show the field always. */
  onChange: (cond: Json | undefined) => void;
}

/**
 * VisibleWhenEditor edits a field's "show when" condition with the condition builder. A
 * condition the builder cannot read is shown as it is, read-only, until the designer chooses
 * to replace it: it is never rewritten silently.
 */
export function VisibleWhenEditor({ value, fields, onChange }: Props) {
  const { t } = useTranslation('forms');
  // Kept here so that a rule still being filled in (no field yet) stays on screen.
  const [group, setGroup] = useState<CondGroup | undefined>(() => fromVisibleWhen(value));
  const kindOf = (key: string) => fields.find((f) => f.key === key)?.kind ?? 'string';
  return (
    <Form.Item label={t('visible.label')} extra={t('visible.hint')}>
      {group ? (
        <ConditionBuilder
          fields={fields}
          value={group}
          operators={VISIBLE_OPERATORS}
          testId="field-visible-when"
          onChange={(g) => {
            setGroup(g);
            onChange(toVisibleWhen(g, kindOf));
          }}
        />
      ) : (
        <div data-testid="field-visible-when-custom">
          <Typography.Paragraph type="secondary">{t('visible.custom')}</Typography.Paragraph>
          <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', maxHeight: 200, overflow: 'auto' }}>{JSON.stringify(value, null, 2)}</pre>
          <Space>
            <Button size="small" onClick={() => setGroup({ combinator: 'and', rules: [] })} data-testid="field-visible-when-replace">
              {t('visible.replace')}
            </Button>
          </Space>
        </div>
      )}
    </Form.Item>
  );
}
