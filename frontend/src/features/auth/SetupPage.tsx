import { Alert, Button, Form, Input, Result, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import { useAuth } from '../../app/auth/AuthContext';
import { AuthShell } from '../../shared/components/AuthShell';
import { LoadError } from '../../shared/components/LoadError';
import { applyApiError } from '../../shared/lib/apiErrors';
import { useAsync } from '../../shared/hooks/useAsync';
import { MIN_PASSWORD } from './password';

interface SetupForm {
  name: string;
  password: string;
  confirm: string;
}


/**
 * SetupPage is where an invitee opens the link from the invitation, sets a password and
 * joins; a reset link (an admin's answer to a forgotten password) opens it too, asking only
 * for the new password.
 */
export default function SetupPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const api = useApi();
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<SetupForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');
  const info = useAsync(() => api.setupInfo(token), [api, token]);

  if (info.loading && !info.data) {
    return (
      <div className="fl-center">
        <Spin size="large" />
      </div>
    );
  }
  if (info.error || !info.data) {
    const gone = isApiError(info.error) && info.error.status >= 400 && info.error.status < 500;
    if (!gone) {
      return (
        <AuthShell title={t('setup.title', { ns: 'auth' })}>
          <LoadError error={info.error} onRetry={info.reload} />
        </AuthShell>
      );
    }
    return (
      <AuthShell title={t('setup.title', { ns: 'auth' })}>
        <Result
          status="warning"
          title={t('setup.invalidTitle', { ns: 'auth' })}
          subTitle={t('setup.invalidHint', { ns: 'auth' })}
          extra={
            <Link to="/login">
              <Button type="primary">{t('setup.goToLogin', { ns: 'auth' })}</Button>
            </Link>
          }
        />
      </AuthShell>
    );
  }

  const setup = info.data;
  const reset = setup.reset === true;
  const onFinish = async (values: SetupForm) => {
    setSubmitting(true);
    setError('');
    try {
      const session = await api.completeSetup(token, values.password, reset ? undefined : values.name?.trim() || undefined);
      adopt(session);
      navigate(`/w/${encodeURIComponent(setup.workspace.id)}`, { replace: true });
    } catch (err) {
      setError(applyApiError(form, err, ['name', 'password']));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthShell
      title={t(reset ? 'setup.resetTitle' : 'setup.title', { ns: 'auth' })}
      subtitle={t(reset ? 'setup.resetSubtitle' : 'setup.subtitle', { ns: 'auth', workspace: setup.workspace.name })}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: setup.name }}
        onFinish={onFinish}
        size="large"
      >
        <Form.Item label={t('setup.email', { ns: 'auth' })}>
          <Input value={setup.email} disabled data-testid="setup-email" />
        </Form.Item>
        {!reset && (
          <Form.Item name="name" label={t('setup.name', { ns: 'auth' })}>
            <Input placeholder={t('setup.namePlaceholder', { ns: 'auth' })} autoComplete="name" />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={t(reset ? 'account.password' : 'setup.password', { ns: 'auth' })}
          extra={t('setup.passwordHint', { ns: 'auth' })}
          rules={[
            { required: true, message: t('setup.passwordRequired', { ns: 'auth' }) },
            { min: MIN_PASSWORD, message: t('setup.passwordTooShort', { ns: 'auth' }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t(reset ? 'account.confirm' : 'setup.confirmPassword', { ns: 'auth' })}
          dependencies={['password']}
          rules={[
            { required: true, message: t('setup.confirmRequired', { ns: 'auth' }) },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || getFieldValue('password') === v ? Promise.resolve() : Promise.reject(new Error(t('setup.mismatch', { ns: 'auth' }))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t(reset ? 'setup.resetSubmit' : 'setup.submit', { ns: 'auth' })}
        </Button>
      </Form>
    </AuthShell>
  );
}
