import { Form, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { WIDTHS, type Width } from './layout';

/** WidthSetting picks a field's width in the form's row: full, half or a third. */
export function WidthSetting({ value, onChange }: { value: Width; onChange: (w: Width) => void }) {
  const { t } = useTranslation('forms');
  return (
    <Form.Item label={t('width.label')} extra={t('width.hint')}>
      <Segmented
        aria-label={t('width.label')}
        value={value}
        options={WIDTHS.map((w) => ({ value: w, label: <span data-testid={`field-width-${w}`}>{t(`width.${w}`)}</span> }))}
        onChange={(v) => onChange(v as Width)}
      />
    </Form.Item>
  );
}
