import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../shared/api/types';
import { DepartmentSelect } from '../org/DepartmentSelect';

/**
 * MemberAccessFields are a member's workspace role and departments, the part of the form
 * that inviting someone and editing a member share: the fields `role` and `departments` of
 * the Form they are placed in.
 */
export function MemberAccessFields({ departments }: { departments: Department[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="role" label={t('role', { ns: 'members' })}>
        <Select
          options={[
            { value: 'member', label: t('roles.member') },
            { value: 'admin', label: t('roles.admin') },
          ]}
        />
      </Form.Item>
      <Form.Item name="departments" label={t('departments', { ns: 'members' })}>
        <DepartmentSelect departments={departments} multiple placeholder={t('departmentsPlaceholder', { ns: 'members' })} />
      </Form.Item>
    </>
  );
}
