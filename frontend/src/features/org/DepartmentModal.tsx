import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { Department, Member } from '../../shared/api/types';
import { DepartmentSelect } from './DepartmentSelect';
import { applyApiError } from '../../shared/lib/apiErrors';
import { descendantIds } from './deptTree';

interface DeptForm {
  name: string;
  parent?: string;
  head?: string;
}

/** What the modal is doing: creating (under an optional parent) or editing one department. */
export type DeptModalState = { mode: 'create'; parent?: string } | { mode: 'edit'; dept: Department };

interface Props {
  ws: string;
  state?: DeptModalState;
  departments: Department[];
  members: Member[];
  onClose: () => void;
  onSaved: () => void;
}

/** DepartmentModal creates a department or edits one: name, parent and head. */
export function DepartmentModal({ ws, state, departments, members, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<DeptForm>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    if (state.mode === 'create') {
      form.setFieldsValue({ name: '', parent: state.parent || undefined, head: undefined });
    } else {
      form.setFieldsValue({
        name: state.dept.name,
        parent: state.dept.parent || undefined,
        head: state.dept.head || undefined,
      });
    }
  }, [state, form]);

  // A department cannot move under itself or under one of its own sub-departments.
  const blocked = useMemo(
    () => (state?.mode === 'edit' ? descendantIds(departments, state.dept.id) : undefined),
    [state, departments],
  );

  const headOptions = useMemo(
    () =>
      members.map((m) => ({
        value: m.userId,
        label: m.name ? `${m.name} (${m.email})` : m.email,
      })),
    [members],
  );

  const submit = async (values: DeptForm) => {
    if (!state) return;
    setSaving(true);
    try {
      const name = values.name.trim();
      if (state.mode === 'create') {
        await api.createDepartment(ws, {
          name,
          ...(values.parent ? { parent: values.parent } : {}),
          ...(values.head ? { head: values.head } : {}),
        });
        message.success(t('created', { ns: 'org' }));
      } else {
        await api.updateDepartment(ws, state.dept.id, {
          name,
          parent: values.parent ?? '',
          head: values.head ?? '',
        });
        message.success(t('updated', { ns: 'org' }));
      }
      onSaved();
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err, ['name', 'parent', 'head']);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  };

  const title = state?.mode === 'edit' ? t('editTitle', { ns: 'org' }) : t('createTitle', { ns: 'org' });
  return (
    <Modal
      title={title}
      open={state !== undefined}
      okText={state?.mode === 'edit' ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<DeptForm> name="department" form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('name', { ns: 'org' })}
          rules={[{ required: true, whitespace: true, message: t('nameRequired', { ns: 'org' }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="parent" label={t('parent', { ns: 'org' })}>
          <DepartmentSelect
            departments={departments}
            disabledIds={blocked}
            placeholder={t('parentPlaceholder', { ns: 'org' })}
          />
        </Form.Item>
        <Form.Item name="head" label={t('head', { ns: 'org' })}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={headOptions}
            placeholder={t('headPlaceholder', { ns: 'org' })}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
