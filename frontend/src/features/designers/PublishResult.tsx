import { Alert, Modal, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppVersion } from '../../shared/api/types';

/** PublishResult shows a newly published version: whether it breaks records, and each change. */
export function PublishResult({ version, onClose }: { version?: AppVersion; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={version !== undefined}
      title={version ? t('designer.published', { n: version.number }) : ''}
      onCancel={onClose}
      onOk={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={720}
    >
      {version && (
        <div data-testid="publish-result">
          <Alert
            type={version.breaking ? 'warning' : 'success'}
            showIcon
            message={version.breaking ? t('designer.breaking') : t('designer.notBreaking')}
            style={{ marginBottom: 12 }}
            data-testid={version.breaking ? 'publish-breaking' : 'publish-compatible'}
          />
          <Table
            size="small"
            rowKey={(c) => `${c.kind}${c.pointer}`}
            pagination={false}
            dataSource={version.changes}
            columns={[
              { title: t('designer.changes'), dataIndex: 'kind', render: (k: string, c) => (c.breaking ? <Tag color="red">{k}</Tag> : <Tag>{k}</Tag>) },
              { title: t('designer.changeForm'), dataIndex: 'form' },
              { title: t('designer.changeField'), dataIndex: 'field' },
              { title: t('designer.changePointer'), dataIndex: 'pointer', render: (p: string) => <code>{p}</code> },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
