import { App, Form, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { Department, Member } from '../../shared/api/types';
import { MemberAccessFields } from './MemberAccessFields';
import { applyApiError } from '../../shared/lib/apiErrors';

interface EditForm {
  role: 'admin' | 'member';
  departments: string[];
}

interface Props {
  ws: string;
  member?: Member;
  departments: Department[];
  onClose: () => void;
  onSaved: () => void;
}

/** EditMemberModal changes a member's role and departments. */
export function EditMemberModal({ ws, member, departments, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (member) {
      form.setFieldsValue({
        role: member.role === 'admin' ? 'admin' : 'member',
        departments: member.departments ?? [],
      });
    }
  }, [member, form]);

  const submit = async (values: EditForm) => {
    if (!member) return;
    setSaving(true);
    try {
      await api.updateMember(ws, member.userId, { role: values.role, departments: values.departments ?? [] });
      message.success(t('updated', { ns: 'members' }));
      onSaved();
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err, ['role', 'departments']);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={member ? `${t('editTitle', { ns: 'members' })} · ${member.name || member.email}` : t('editTitle', { ns: 'members' })}
      open={member !== undefined}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<EditForm> name="member" form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <MemberAccessFields departments={departments} />
      </Form>
    </Modal>
  );
}
