import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import { applyApiError } from '../../shared/lib/apiErrors';
import { MIN_PASSWORD } from './password';

interface PasswordForm {
  current: string;
  password: string;
  confirm: string;
}

interface Props {
  open: boolean;
  onClose: () => void;
}

/**
 * ChangePasswordModal lets a signed-in person choose a new password, with the current one.
 * The server signs them out everywhere else; this browser stays signed in.
 */
export function ChangePasswordModal({ open, onClose }: Props) {
  const { t } = useTranslation('auth');
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: PasswordForm) => {
    setSaving(true);
    try {
      await api.changePassword(v.current, v.password);
      message.success(t('account.changed'));
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err, ['current', 'password']);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('account.passwordTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save', { ns: 'translation' })}
      okButtonProps={{ loading: saving, 'data-testid': 'password-save' } as never}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('account.passwordNote')}</Typography.Paragraph>
      <Form<PasswordForm> form={form} layout="vertical" requiredMark={false} preserve={false} onFinish={submit}>
        <Form.Item name="current" label={t('account.current')} rules={[{ required: true, message: t('account.currentRequired') }]}>
          <Input.Password autoComplete="current-password" autoFocus data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('account.password')}
          extra={t('setup.passwordHint')}
          dependencies={['current']}
          rules={[
            { required: true, message: t('setup.passwordRequired') },
            { min: MIN_PASSWORD, message: t('setup.passwordTooShort') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || getFieldValue('current') !== v ? Promise.resolve() : Promise.reject(new Error(t('account.same'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('setup.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || getFieldValue('password') === v ? Promise.resolve() : Promise.reject(new Error(t('setup.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
