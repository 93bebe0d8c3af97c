import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { ImportReport, RuntimeFormDef } from '../../shared/api/types';
import { errorMessage } from '../../shared/lib/apiErrors';
import { fieldLabels } from '../forms/schemaForm';
import { reportRows } from './importReport';

export interface ImportModalProps {
  ws: string;
  app: string;
  form: RuntimeFormDef;
  onClose: () => void;
  onImported: () => void;
}

/**
 * ImportModal imports a CSV or Excel file in two steps: a dry run that checks every row and
 * lists the bad ones by row and field label, then the import itself with a progress bar
 * (a large file runs as a background job, polled until it ends).
 */
export function ImportModal({ ws, app, form, onClose, onImported }: ImportModalProps) {
  const { i18n } = useTranslation();
  const { t: tu } = useTranslation('enduser');
  const api = useApi();
  const { message } = App.useApp();
  const [file, setFile] = useState<File>();
  const [report, setReport] = useState<ImportReport>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const labels = fieldLabels(form, i18n.language);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setProblem('');
    try {
      let rep = await api.importRecords(ws, app, form.key, file, dryRun);
      setReport(rep);
      // A large file is a background job: follow it until it ends.
      while (rep.status === 'running' && rep.job) {
        await new Promise((r) => {
          timer.current = setTimeout(r, 700);
        });
        rep = await api.importJob(ws, app, form.key, rep.job);
        setReport(rep);
      }
      if (!dryRun) {
        message.success(tu('importDone', { count: rep.stored }));
        onImported();
      }
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const rows = report ? reportRows(report, (field) => labels.get(field) ?? field) : [];
  const percent = report && report.total > 0 ? Math.round((report.done / report.total) * 100) : 0;
  return (
    <Modal
      open
      title={tu('importTitle')}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={() => void run(true)} disabled={!file || busy} data-testid="import-dry-run">
            {tu('importDryRun')}
          </Button>
          <Button type="primary" onClick={() => void run(false)} disabled={!file || busy || !report?.dryRun} loading={busy && !report?.dryRun} data-testid="import-run">
            {tu('importRun')}
          </Button>
        </Space>
      }
    >
      <Upload.Dragger
        accept=".csv,.xlsx"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setReport(undefined);
          return false;
        }}
        onRemove={() => {
          setFile(undefined);
          setReport(undefined);
        }}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{tu('importPick')}</p>
      </Upload.Dragger>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginTop: 12 }} data-testid="import-problem" />}
      {report && (
        <div style={{ marginTop: 12 }} data-testid="import-report">
          {!report.dryRun && <Progress percent={report.status === 'done' ? 100 : percent} status={report.status === 'running' ? 'active' : undefined} data-testid="import-progress" />}
          <Typography.Paragraph>
            {report.dryRun ? tu('importRows', { ok: report.valid, total: report.total }) : tu('importDone', { count: report.stored })}
          </Typography.Paragraph>
          {rows.length > 0 && (
            <>
              <Typography.Text strong>{tu('importBad')}</Typography.Text>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={rows}
                data-testid="import-bad-rows"
                columns={[
                  { key: 'row', title: '#', width: 90, render: (_, r) => tu('importRow', { row: r.row }) },
                  { key: 'field', dataIndex: 'field', title: '' },
                  { key: 'message', dataIndex: 'message', title: '' },
                ]}
              />
            </>
          )}
        </div>
      )}
    </Modal>
  );
}
