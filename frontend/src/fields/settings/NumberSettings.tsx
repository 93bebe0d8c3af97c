import { Form, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PanelProps } from './panel';

const num = (v: number | string | null): number | undefined => (typeof v === 'number' ? v : undefined);

/** RangeSettings edits a number's minimum and maximum. */
export function RangeSettings({ field, onChange }: PanelProps) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <Form.Item label={t('minimum', { ns: 'designers' })}>
        <InputNumber value={field.minimum} onChange={(v) => onChange({ minimum: num(v) })} data-testid="field-minimum" />
      </Form.Item>
      <Form.Item label={t('maximum', { ns: 'designers' })}>
        <InputNumber value={field.maximum} onChange={(v) => onChange({ maximum: num(v) })} data-testid="field-maximum" />
      </Form.Item>
    </Space>
  );
}

/** PrecisionSetting edits how many decimals a number keeps. */
export function PrecisionSetting({ field, onChange }: PanelProps) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('precision', { ns: 'designers' })}>
      <InputNumber min={0} max={10} precision={0} value={field.precision} onChange={(v) => onChange({ precision: num(v) })} data-testid="field-precision" />
    </Form.Item>
  );
}

/** MaxLengthSetting edits a text's longest length. */
export function MaxLengthSetting({ field, onChange }: PanelProps) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('maxLength', { ns: 'designers' })}>
      <InputNumber min={1} precision={0} value={field.maxLength} onChange={(v) => onChange({ maxLength: num(v) })} data-testid="field-maxlength" />
    </Form.Item>
  );
}

/** NumberSettings: range and decimals (number, money). */
export function NumberSettings(p: PanelProps) {
  return (
    <>
      <RangeSettings {...p} />
      <PrecisionSetting {...p} />
    </>
  );
}
