import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { recordPath } from '../../shared/hooks/useWorkspaceData';
import { neighbours, readList } from './recordList';

/**
 * RecordStepper steps to the record before or after this one in the list it was opened
 * from (上一条 / 下一条, "3 / 20"). Each step replaces the page in the history, so the browser's
 * back goes to the list, not through every record read. Opened from elsewhere (a link, the
 * inbox), the page has no list and shows nothing.
 */
export function RecordStepper({ ws, app, form, id }: { ws: string; app: string; form: string; id: string }) {
  const { t: tu } = useTranslation('enduser');
  const location = useLocation();
  const navigate = useNavigate();
  const at = neighbours(readList(location.state), id);
  if (!at) return null;
  const go = (to: string | undefined) => to && navigate(recordPath(ws, app, form, to), { replace: true, state: location.state });
  return (
    <Space size={4} className="fl-no-print" data-testid="record-stepper">
      <Tooltip title={tu('prevRecord')}>
        <Button size="small" icon={<LeftOutlined />} disabled={!at.prev} onClick={() => go(at.prev)} aria-label={tu('prevRecord')} data-testid="record-prev" />
      </Tooltip>
      <Typography.Text type="secondary" data-testid="record-position">
        {at.position} / {at.total}
      </Typography.Text>
      <Tooltip title={tu('nextRecord')}>
        <Button size="small" icon={<RightOutlined />} disabled={!at.next} onClick={() => go(at.next)} aria-label={tu('nextRecord')} data-testid="record-next" />
      </Tooltip>
    </Space>
  );
}
