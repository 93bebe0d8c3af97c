import { Alert, Modal, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppVersion } from '../../shared/api/types';
import type { Sentence } from './publish/sentences';

/** A version just published, with the sentences the admin confirmed before publishing it. */
export interface Published {
  version: AppVersion;
  sentences: Sentence[];
}

/**
 * PublishResult shows a newly published version: whether it breaks records, and what it
 * changed in the words the publish dialog used (fields by their labels, steps by their
 * names), not as change kinds and JSON pointers.
 */
export function PublishResult({ published, onClose }: { published?: Published; onClose: () => void }) {
  const { t } = useTranslation('designers');
  const { t: pt } = useTranslation('designerPublish');
  const version = published?.version;
  const said = published?.sentences.filter((s) => s.group !== 'runs') ?? [];
  return (
    <Modal
      open={version !== undefined}
      title={version ? t('published', { n: version.number }) : ''}
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
            message={version.breaking ? t('breaking') : t('notBreaking')}
            style={{ marginBottom: 12 }}
            data-testid={version.breaking ? 'publish-breaking' : 'publish-compatible'}
          />
          {said.length > 0 && (
            <ul style={{ paddingInlineStart: 20, margin: 0 }}>
              {said.map((s, i) => (
                <li key={i} data-testid="publish-result-sentence">
                  {s.text} {s.breaking && s.group !== 'breaks' && <Tag color="red">{pt('breakingTag')}</Tag>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Modal>
  );
}
