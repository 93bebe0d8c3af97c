import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FlowStatus } from '../../shared/api/types';

const COLORS: Record<FlowStatus, string> = {
  draft: 'default',
  returned: 'orange',
  running: 'processing',
  approved: 'success',
  rejected: 'error',
  done: 'success',
};

/** FlowStatusTag shows a pipeline run's status. */
export function FlowStatusTag({ status }: { status: FlowStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status] ?? 'default'} bordered={false}>
      {t(`run.status.${status}`, { ns: 'flow', defaultValue: status })}
    </Tag>
  );
}
