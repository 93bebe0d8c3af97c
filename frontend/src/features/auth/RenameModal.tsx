import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import { useAuth } from '../../app/auth/AuthContext';
import { applyApiError } from '../../shared/lib/apiErrors';

interface Props {
  open: boolean;
  onClose: () => void;
}

/** RenameModal changes the name colleagues see the signed-in person by. */
export function RenameModal({ open, onClose }: Props) {
  const { t } = useTranslation('auth');
  const api = useApi();
  const { user, adopt } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [saving, setSaving] = useState(false);

  const submit = async ({ name }: { name: string }) => {
    setSaving(true);
    try {
      adopt(await api.renameMe(name.trim()));
      message.success(t('account.renamed'));
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err, ['name']);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('account.renameTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save', { ns: 'translation' })}
      okButtonProps={{ loading: saving, 'data-testid': 'rename-save' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} preserve={false} initialValues={{ name: user?.name }} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('account.name')}
          extra={t('account.nameHint')}
          rules={[{ required: true, whitespace: true, message: t('account.nameRequired') }]}
        >
          <Input autoFocus autoComplete="name" maxLength={100} data-testid="rename-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
