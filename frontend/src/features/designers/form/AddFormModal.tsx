import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { FORM_KEY, type Texts } from './designer';
import { formKeyFromName } from './model';

interface Props {
  open: boolean;
  taken: string[];
  onCancel: () => void;
  onAdd: (key: string, name: Texts) => void;
}

/**
 * AddFormModal asks for a new form's name; its key follows the Chinese name as pinyin
 * ("报销单" → bao_xiao_dan) until the admin edits the key, as field keys follow labels.
 */
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
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onValuesChange={(changed: { zh?: string }) => {
          if (changed.zh !== undefined && !form.isFieldTouched('key')) form.setFieldValue('key', formKeyFromName(changed.zh, taken));
        }}
      >
        <Form.Item
          name="zh"
          label={t('nameZh', { ns: 'designers' })}
          rules={[{ required: true, whitespace: true, message: t('nameZhRequired', { ns: 'designers' }) }]}
        >
          <Input autoFocus data-testid="new-form-zh" />
        </Form.Item>
        <Form.Item name="en" label={t('nameEn', { ns: 'designers' })}>
          <Input data-testid="new-form-en" />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('formKey', { ns: 'designers' })}
          extra={t('formKeyAuto', { ns: 'designers' })}
          rules={[
            { required: true, pattern: FORM_KEY, message: t('formKeyInvalid', { ns: 'designers' }) },
            { validator: async (_, v: string) => (taken.includes(v) ? Promise.reject(new Error(t('formKeyTaken', { ns: 'designers' }))) : undefined) },
          ]}
        >
          <Input data-testid="new-form-key" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
