import { Alert, Modal, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppVersion } from '../../shared/api/types';

/** PublishResult shows a newly published version: whether it breaks records, and each change. */
export function PublishResult({ version, onClose }: { version?: AppVersion; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={version !== undefined}
      title={version ? t('published', { ns: 'designers', n: version.number }) : ''}
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
            message={version.breaking ? t('breaking', { ns: 'designers' }) : t('notBreaking', { ns: 'designers' })}
            style={{ marginBottom: 12 }}
            data-testid={version.breaking ? 'publish-breaking' : 'publish-compatible'}
          />
          <Table
            size="small"
            rowKey={(c) => `${c.kind}${c.pointer}`}
            pagination={false}
            dataSource={version.changes}
            columns={[
              { title: t('changes', { ns: 'designers' }), dataIndex: 'kind', render: (k: string, c) => (c.breaking ? <Tag color="red">{k}</Tag> : <Tag>{k}</Tag>) },
              { title: t('changeForm', { ns: 'designers' }), dataIndex: 'form' },
              { title: t('changeField', { ns: 'designers' }), dataIndex: 'field' },
              { title: t('changePointer', { ns: 'designers' }), dataIndex: 'pointer', render: (p: string) => <code>{p}</code> },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
