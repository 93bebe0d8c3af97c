import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkspaceRole } from '../api/types';

const COLORS: Record<WorkspaceRole, string> = { owner: 'gold', admin: 'blue', member: 'default' };

export function RoleTag({ role }: { role?: WorkspaceRole }) {
  const { t } = useTranslation();
  if (!role || !(role in COLORS)) return null;
  return <Tag color={COLORS[role]}>{t(`roles.${role}`)}</Tag>;
}
