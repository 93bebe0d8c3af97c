import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Texts } from './designer';

interface Props {
  open: boolean;
  title: string;
  value: Texts;
  onCancel: () => void;
  onSave: (name: Texts) => void;
}

/** NameModal renames an app or a form, in Chinese (required by the format) and English. */
export function NameModal({ open, title, value, onCancel, onSave }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ zh: string; en?: string }>();
  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'name-save' } as never}
      onOk={() => void form.validateFields().then((v) => onSave({ zh: v.zh.trim(), en: (v.en ?? '').trim() }))}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ zh: value.zh, en: value.en }} onFinish={(v) => onSave({ zh: v.zh.trim(), en: (v.en ?? '').trim() })}>
        <Form.Item name="zh" label={t('nameZh', { ns: 'designers' })} rules={[{ required: true, whitespace: true, message: t('nameZhRequired', { ns: 'designers' }) }]}>
          <Input autoFocus maxLength={100} data-testid="name-zh" />
        </Form.Item>
        <Form.Item name="en" label={t('nameEn', { ns: 'designers' })}>
          <Input maxLength={100} data-testid="name-en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
