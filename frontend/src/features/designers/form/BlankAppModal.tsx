import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../shared/api/ApiContext';
import type { AppInfo } from '../../../shared/api/types';
import { errorMessage } from '../../../shared/lib/apiErrors';
import { blankApp } from './model';

interface Props {
  ws: string;
  open: boolean;
  onClose: () => void;
  onCreated: (app: AppInfo) => void;
}

/** BlankAppModal starts an app from nothing ("新建空白应用"): a name, then the designer. */
export function BlankAppModal({ ws, open, onClose, onCreated }: Props) {
  const { t } = useTranslation('forms');
  const api = useApi();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState('');
  const [saving, setSaving] = useState(false);
  const create = async () => {
    if (name.trim() === '') {
      setProblem(t('blank.nameRequired'));
      return;
    }
    setSaving(true);
    try {
      const app = await api.createApp(ws, blankApp(name));
      setName('');
      setProblem('');
      onCreated(app);
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('blank.title')} okText={t('blank.create')} onOk={() => void create()} onCancel={onClose} confirmLoading={saving} destroyOnHidden>
      <Form layout="vertical" onFinish={() => void create()}>
        <Form.Item label={t('blank.name')} help={problem || undefined} validateStatus={problem ? 'error' : undefined}>
          <Input autoFocus value={name} onChange={(e) => setName(e.target.value)} onPressEnter={() => void create()} data-testid="blank-app-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
