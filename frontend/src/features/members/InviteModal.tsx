import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { Department, Invitation } from '../../shared/api/types';
import { MemberAccessFields } from './MemberAccessFields';
import { applyApiError } from '../../shared/lib/apiErrors';
import { LinkResult } from './LinkResult';

interface InviteForm {
  email: string;
  name?: string;
  role: 'admin' | 'member';
  departments?: string[];
}

interface Props {
  ws: string;
  open: boolean;
  departments: Department[];
  onClose: () => void;
  onInvited: () => void;
}

/**
 * InviteModal invites a person by email. For someone without an account the server returns
 * a setup link, which the modal then shows for the admin to copy and send.
 */
export function InviteModal({ ws, open, departments, onClose, onInvited }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<InviteForm>();
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<Invitation>();

  // An opened modal starts without the last invitation (set in the render that sees it open).
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setResult(undefined);
  }

  const submit = async (values: InviteForm) => {
    setSaving(true);
    try {
      const inv = await api.invite(ws, {
        email: values.email.trim(),
        name: values.name?.trim() || undefined,
        role: values.role,
        departments: values.departments ?? [],
      });
      onInvited();
      if (inv.setup) {
        setResult(inv);
      } else {
        message.success(t('added', { ns: 'members', name: inv.member.name || inv.member.email }));
        onClose();
      }
    } catch (err) {
      const rest = applyApiError(form, err, ['email', 'name', 'role', 'departments']);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('inviteTitle', { ns: 'members' })}
      open={open}
      onCancel={onClose}
      destroyOnHidden
      footer={
        result
          ? [
              <Button key="close" type="primary" onClick={onClose}>
                {t('common.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={saving} onClick={() => form.submit()}>
                {t('inviteSubmit', { ns: 'members' })}
              </Button>,
            ]
      }
    >
      {result ? (
        <LinkResult
          title={t('invited', { ns: 'members' })}
          hint={t('setupLinkHint', { ns: 'members', email: result.member.email })}
          caption={t('setupLink', { ns: 'members' })}
          url={result.setup?.url ?? ''}
        />
      ) : (
        <Form<InviteForm>
          name="invite"
          form={form}
          layout="vertical"
          requiredMark={false}
          preserve={false}
          initialValues={{ role: 'member', departments: [] }}
          onFinish={submit}
        >
          <Form.Item
            name="email"
            label={t('email', { ns: 'members' })}
            rules={[
              { required: true, message: t('emailRequired', { ns: 'members' }) },
              { type: 'email', message: t('emailInvalid', { ns: 'members' }) },
            ]}
          >
            <Input autoFocus autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label={t('name', { ns: 'members' })}>
            <Input placeholder={t('namePlaceholder', { ns: 'members' })} autoComplete="off" />
          </Form.Item>
          <MemberAccessFields departments={departments} />
        </Form>
      )}
    </Modal>
  );
}
