import { Checkbox, Form, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PanelProps } from '../settings/panel';
import { attachmentLimits, FILE_KINDS, withAttachmentLimits, type FileKindChoice } from './model';

const num = (v: number | string | null): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * AttachmentSettings: how many files the field holds, how large each may be and which kinds
 * it takes (none ticked: any). The generated forms say the same limits under the upload button.
 */
export function AttachmentSettings({ property, onReplace }: PanelProps) {
  const { t } = useTranslation('designers');
  const limits = attachmentLimits(property);
  const write = (change: Partial<typeof limits>) => onReplace(withAttachmentLimits(property, { ...limits, ...change }));
  return (
    <>
      <Space wrap>
        <Form.Item label={t('attachment.maxCount')}>
          <InputNumber min={1} max={1000} precision={0} value={limits.maxCount} placeholder={t('attachment.noLimit')} onChange={(v) => write({ maxCount: num(v) })} data-testid="attachment-max-count" />
        </Form.Item>
        <Form.Item label={t('attachment.maxSize')}>
          <InputNumber min={0.1} max={1024} step={1} value={limits.maxSizeMB} placeholder={t('attachment.noLimit')} addonAfter="MB" onChange={(v) => write({ maxSizeMB: num(v) })} data-testid="attachment-max-size" />
        </Form.Item>
      </Space>
      <Form.Item label={t('attachment.kinds')} extra={<Typography.Text type="secondary">{t('attachment.kindsHint')}</Typography.Text>}>
        <Checkbox.Group
          value={limits.kinds}
          onChange={(v) => write({ kinds: v as FileKindChoice[] })}
          options={(Object.keys(FILE_KINDS) as FileKindChoice[]).map((k) => ({ value: k, label: t(`attachment.kind.${k}`) }))}
          data-testid="attachment-kinds"
        />
      </Form.Item>
    </>
  );
}
