import { CopyOutlined, DeleteOutlined, EditOutlined, EllipsisOutlined, PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Popconfirm, Space } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FlowAction } from './flowActions';

/** How many of a step's actions a phone's bar shows as buttons; the rest are under 更多. */
export const PHONE_BAR_ACTIONS = 3;

/** The actions of a step (or of starting one): while one waits, it comes before editing. */
const STEP_ACTIONS: ReadonlySet<FlowAction> = new Set(['submit', 'approve', 'complete', 'reject', 'return', 'transfer', 'addApprover']);

interface Props {
  /** The step's actions the member may take, in the engine's order (approve first). */
  actions: FlowAction[];
  urging: boolean;
  onAct: (a: FlowAction) => void;
  /** Present when the member may edit the record now. */
  onEdit?: () => void;
  onPrint: () => void;
  /** Present when the member may create records of the form: 复制 starts a new one from this. */
  onCopy?: () => void;
  /** Present when the member may delete the record. */
  onDelete?: () => void;
  /** Present when the record is deleted and the member may restore it. */
  onRestore?: () => void;
  phone: boolean;
}

const primary = (a: FlowAction) => a === 'approve' || a === 'complete' || a === 'submit';

/**
 * RecordActions is what a member can do on a record page. On a desktop it is a row of buttons
 * under the title, the step's actions first and delete last. On a phone it is a bar fixed to
 * the foot of the screen, so that whoever scrolls down to read the record still has approve
 * at hand: the step's first actions as buttons, everything else under 更多.
 */
export function RecordActions({ actions, urging, onAct, onEdit, onPrint, onCopy, onDelete, onRestore, phone }: Props) {
  const { t } = useTranslation();
  const { t: tu } = useTranslation('enduser');
  const { modal } = App.useApp();
  const actionButton = (a: FlowAction) => (
    <Button
      key={a}
      type={primary(a) ? 'primary' : 'default'}
      danger={a === 'reject'}
      loading={a === 'urge' && urging}
      onClick={() => onAct(a)}
      data-testid={`action-${a}`}
    >
      {t(`run.actions.${a}`, { ns: 'flow' })}
    </Button>
  );

  if (!phone) {
    return (
      <Space wrap data-testid="record-actions" className="fl-no-print">
        {actions.map(actionButton)}
        {onEdit && (
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="edit-record">
            {tu('edit')}
          </Button>
        )}
        {onCopy && (
          <Button icon={<CopyOutlined />} onClick={onCopy} data-testid="copy-record">
            {tu('copy')}
          </Button>
        )}
        <Button icon={<PrinterOutlined />} onClick={onPrint} data-testid="print-record">
          {tu('print')}
        </Button>
        {onDelete && (
          <Popconfirm title={tu('deleteRecordConfirm')} onConfirm={onDelete} okButtonProps={{ danger: true, 'data-testid': 'delete-ok' } as never}>
            <Button danger icon={<DeleteOutlined />} data-testid="delete-record">
              {tu('delete')}
            </Button>
          </Popconfirm>
        )}
        {onRestore && (
          <Button icon={<RollbackOutlined />} onClick={onRestore} data-testid="restore-record">
            {tu('restore')}
          </Button>
        )}
      </Space>
    );
  }

  // Without a step's action (a record of a form with no flow offers only 评论), editing is
  // what a member most likely came to do: it takes the bar's first place.
  const editShown = onEdit !== undefined && !actions.some((a) => STEP_ACTIONS.has(a));
  const inBar = editShown ? PHONE_BAR_ACTIONS - 1 : PHONE_BAR_ACTIONS;
  const shown = actions.slice(0, inBar);
  const menu: NonNullable<MenuProps['items']> = [
    ...actions.slice(inBar).map((a) => ({
      key: a,
      label: t(`run.actions.${a}`, { ns: 'flow' }),
      danger: a === 'reject',
      onClick: () => onAct(a),
    })),
    ...(onEdit && !editShown ? [{ key: 'edit', icon: <EditOutlined />, label: tu('edit'), onClick: onEdit }] : []),
    ...(onCopy ? [{ key: 'copy', icon: <CopyOutlined />, label: tu('copy'), onClick: onCopy }] : []),
    { key: 'print', icon: <PrinterOutlined />, label: tu('print'), onClick: onPrint },
    ...(onRestore ? [{ key: 'restore', icon: <RollbackOutlined />, label: tu('restore'), onClick: onRestore }] : []),
    ...(onDelete
      ? [
          {
            key: 'delete',
            icon: <DeleteOutlined />,
            label: tu('delete'),
            danger: true,
            onClick: () =>
              void modal.confirm({
                title: tu('deleteRecordConfirm'),
                okText: tu('delete'),
                okButtonProps: { danger: true, 'data-testid': 'delete-ok' } as never,
                cancelText: t('common.cancel'),
                onOk: onDelete,
              }),
          },
        ]
      : []),
  ];
  return (
    <div className="fl-record-actionbar fl-no-print" data-testid="record-actions">
      {editShown && (
        <Button type="primary" icon={<EditOutlined />} onClick={onEdit} data-testid="edit-record">
          {tu('edit')}
        </Button>
      )}
      {shown.map(actionButton)}
      <Dropdown menu={{ items: menu }} trigger={['click']} placement="topRight">
        <Button icon={<EllipsisOutlined />} aria-label={tu('more')} data-testid="record-more">
          {tu('more')}
        </Button>
      </Dropdown>
    </div>
  );
}
