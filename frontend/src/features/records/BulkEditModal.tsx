import { Alert, App, Form, Modal, Select, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import type { RecordItem, RuntimeFormDef } from '../../shared/api/types';
import type { People } from '../../shared/hooks/useWorkspaceData';
import { errorMessage } from '../../shared/lib/apiErrors';
import { SchemaForm, type SchemaFormHandle } from '../forms/SchemaForm';
import { fieldLabels, toRjsf } from '../forms/schemaForm';
import { bulkEditable, bulkEditFailure, bulkForm, bulkPatch, type BulkEditFailure } from './bulkEdit';

export interface BulkEditModalProps {
  ws: string;
  app: string;
  form: RuntimeFormDef;
  /** The selected records, with the versions they were read at. */
  records: RecordItem[];
  people: People;
  /** Names a record as the list shows it (serial number and title). */
  nameOf: (r: RecordItem) => string;
  onClose: () => void;
  /** Called once the records were sent, whatever each answered. */
  onDone: () => void;
}

/**
 * BulkEditModal is 批量修改: one field, one value, set on every selected record. Each record is
 * saved on its own with the version it was listed at, so a record changed meanwhile, one in
 * a running approval or one the member may not change is refused alone and listed by name
 * with the reason; the others are changed.
 */
export function BulkEditModal({ ws, app, form, records, people, nameOf, onClose, onDone }: BulkEditModalProps) {
  const { t, i18n } = useTranslation();
  const { t: tu } = useTranslation('enduser');
  const api = useApi();
  const { message } = App.useApp();
  const ref = useRef<SchemaFormHandle>(null);
  const opts = useMemo(
    () => ({ language: i18n.language, members: people.members, departments: people.departments, records: { ws, app } }),
    [i18n.language, people.members, people.departments, ws, app],
  );
  const labels = fieldLabels(form, i18n.language);
  const fields = useMemo(() => bulkEditable(form, toRjsf(form, opts).fields), [form, opts]);
  const [field, setField] = useState<string>();
  const rjsf = useMemo(() => {
    if (!field) return undefined;
    const one = toRjsf(bulkForm(form, field), opts);
    // The field is named once, by the select above; its input follows "修改为".
    const look = (one.uiSchema[field] ?? {}) as Record<string, unknown>;
    one.uiSchema[field] = { ...look, 'ui:options': { ...(look['ui:options'] as object | undefined), label: false } };
    return one;
  }, [field, form, opts]);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [running, setRunning] = useState(false);
  const [failed, setFailed] = useState<BulkEditFailure[]>();

  const run = async (values: Record<string, unknown>) => {
    if (!field) return;
    setRunning(true);
    const patch = bulkPatch(field, values[field]);
    const out: BulkEditFailure[] = [];
    let done = 0;
    for (const r of records) {
      try {
        await api.updateRecord(ws, app, form.key, r.id, r.version, patch);
        done++;
      } catch (err) {
        out.push(
          isApiError(err)
            ? bulkEditFailure(r.id, nameOf(r), err.message, err.fields, (k) => labels.get(k) ?? k, i18n.language)
            : { id: r.id, name: nameOf(r), message: errorMessage(err) },
        );
      }
    }
    setRunning(false);
    if (done > 0) message.success(tu('bulkEdited', { count: done }));
    onDone();
    if (out.length === 0) onClose();
    else setFailed(out);
  };

  return (
    <Modal
      open
      title={tu('bulkEditTitle', { count: records.length })}
      onCancel={onClose}
      okText={failed ? t('common.close') : tu('bulkEditRun', { count: records.length })}
      okButtonProps={{ disabled: !failed && !field, loading: running, 'data-testid': 'bulk-edit-run' } as never}
      cancelButtonProps={{ style: failed ? { display: 'none' } : undefined }}
      onOk={() => (failed ? onClose() : ref.current?.submit())}
      destroyOnHidden
      data-testid="bulk-edit"
    >
      {failed ? (
        <Alert
          type="warning"
          showIcon
          data-testid="bulk-edit-failed"
          message={tu('bulkEditFailed', { count: failed.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {failed.map((f) => (
                <li key={f.id}>
                  <Typography.Text strong>{f.name}</Typography.Text> {f.message}
                </li>
              ))}
            </ul>
          }
        />
      ) : fields.length === 0 ? (
        <Alert type="info" showIcon message={tu('bulkEditNone')} />
      ) : (
        <>
          <Form layout="vertical" component="div">
            <Form.Item label={tu('bulkEditField')} required>
              <Select
                data-testid="bulk-edit-field"
                placeholder={tu('bulkEditFieldHint')}
                value={field}
                onChange={(k: string) => {
                  setField(k);
                  setData({});
                }}
                options={fields.map((k) => ({ value: k, label: labels.get(k) ?? k }))}
              />
            </Form.Item>
          </Form>
          {rjsf && field && (
            <div data-testid="bulk-edit-value">
              <Typography.Text type="secondary">{tu('bulkEditValue')}</Typography.Text>
              <SchemaForm key={field} ref={ref} form={rjsf} data={data} onChange={setData} onSubmit={(d) => void run(d)} disabled={running} />
            </div>
          )}
        </>
      )}
    </Modal>
  );
}
