import { Button, Form, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Json } from './designer';
import { ConditionBuilder } from '../query/ConditionBuilder';
import type { CondGroup } from '../query/conditions';
import type { FieldInfo } from '../query/fields';
import { VISIBLE_OPERATORS, fromVisibleWhen, toVisibleWhen } from './visibleWhen';

interface Props {
  /** The stored condition (undefined: none). */
  value: Json | undefined;
  /** The form's other fields, which the condition may test. */
  fields: FieldInfo[];
  /** The compiled condition, or undefined for none. */
  onChange: (cond: Json | undefined) => void;
  label: string;
  hint: string;
  /** The data-testid prefix of the builder, the read-only view and its replace button. */
  testId: string;
  /** Shown under the builder (e.g. rules written by hand that also apply). */
  extra?: ReactNode;
}

/**
 * ConditionSetting edits one condition of a field ("show when", "required when") with the
 * condition builder. A condition the builder cannot read is shown as it is, read-only, until the
 * designer chooses to replace it: it is never rewritten silently.
 */
export function ConditionSetting({ value, fields, onChange, label, hint, testId, extra }: Props) {
  const { t } = useTranslation('forms');
  // Kept here so that a rule still being filled in (no field yet) stays on screen.
  const [group, setGroup] = useState<CondGroup | undefined>(() => fromVisibleWhen(value));
  const kindOf = (key: string) => fields.find((f) => f.key === key)?.kind ?? 'string';
  return (
    <Form.Item label={label} extra={hint}>
      {group ? (
        <ConditionBuilder
          fields={fields}
          value={group}
          operators={VISIBLE_OPERATORS}
          testId={testId}
          onChange={(g) => {
            setGroup(g);
            onChange(toVisibleWhen(g, kindOf));
          }}
        />
      ) : (
        <div data-testid={`${testId}-custom`}>
          <Typography.Paragraph type="secondary">{t('visible.custom')}</Typography.Paragraph>
          <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', maxHeight: 200, overflow: 'auto' }}>{JSON.stringify(value, null, 2)}</pre>
          <Space>
            <Button size="small" onClick={() => setGroup({ combinator: 'and', rules: [] })} data-testid={`${testId}-replace`}>
              {t('visible.replace')}
            </Button>
          </Space>
        </div>
      )}
      {extra}
    </Form.Item>
  );
}
