import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { FORM_KEY, type Texts } from './designer';

interface Props {
  open: boolean;
  taken: string[];
  onCancel: () => void;
  onAdd: (key: string, name: Texts) => void;
}

/** AddFormModal asks for a new form's key and name. */
export function AddFormModal({ open, taken, onCancel, onAdd }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ key: string; zh: string; en?: string }>();
  return (
    <Modal
      open={open}
      title={t('addForm', { ns: 'designers' })}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      destroyOnHidden
      onOk={() =>
        void form.validateFields().then((v) => {
          onAdd(v.key, { zh: v.zh.trim(), en: (v.en ?? '').trim() });
          form.resetFields();
        })
      }
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="key"
          label={t('formKey', { ns: 'designers' })}
          extra={t('formKeyHint', { ns: 'designers' })}
          rules={[
            { required: true, pattern: FORM_KEY, message: t('formKeyInvalid', { ns: 'designers' }) },
            { validator: async (_, v: string) => (taken.includes(v) ? Promise.reject(new Error(t('formKeyTaken', { ns: 'designers' }))) : undefined) },
          ]}
        >
          <Input data-testid="new-form-key" />
        </Form.Item>
        <Form.Item name="zh" label={`${t('formName', { ns: 'designers' })} (中文)`} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="new-form-zh" />
        </Form.Item>
        <Form.Item name="en" label={`${t('formName', { ns: 'designers' })} (English)`}>
          <Input data-testid="new-form-en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
