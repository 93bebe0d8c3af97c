import { Form, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JsonObject } from './designer';

const num = (v: number | string | null): number | undefined => (typeof v === 'number' ? v : undefined);

/** SubformRows edits a sub-form's least and most rows (x-formloom minRows / maxRows). */
export function SubformRows({ property, onChange }: { property: JsonObject; onChange: (min: number | undefined, max: number | undefined) => void }) {
  const { t } = useTranslation('forms');
  const meta = (property['x-formloom'] ?? {}) as JsonObject;
  const min = typeof meta.minRows === 'number' ? meta.minRows : undefined;
  const max = typeof meta.maxRows === 'number' ? meta.maxRows : undefined;
  return (
    <Form.Item label={t('subform.rows')}>
      <Space>
        <InputNumber addonBefore={t('subform.minRows')} min={0} precision={0} value={min} onChange={(v) => onChange(num(v), max)} data-testid="subform-min-rows" />
        <InputNumber addonBefore={t('subform.maxRows')} min={1} precision={0} value={max} onChange={(v) => onChange(min, num(v))} data-testid="subform-max-rows" />
      </Space>
    </Form.Item>
  );
}
