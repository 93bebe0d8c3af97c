import { Alert, App, Button, Drawer, Grid, Space } from 'antd';
import { withoutFormulas } from '../forms/formula/compute';
import { useFormulaSettings } from '../forms/formula/useFormulaSettings';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import type { RecordItem, RuntimeFormDef } from '../../shared/api/types';
import { SchemaForm, type SchemaFormHandle } from '../forms/SchemaForm';
import { errorMessage } from '../../shared/lib/apiErrors';
import { fieldLabels, toErrorSchema, toRjsf, type ErrorSchema } from '../forms/schemaForm';
import type { People } from '../../shared/hooks/useWorkspaceData';
import { conflictFrom, type ConflictInfo } from './conflict';
import { useLinkage } from './useLinkage';

export interface EditRecordDrawerProps {
  ws: string;
  app: string;
  form: RuntimeFormDef;
  record: RecordItem;
  people: People;
  onClose: () => void;
  onSaved: (r: RecordItem) => void;
  /** Reloads the record after a conflict. */
  onReload: () => void;
}

/**
 * EditRecordDrawer edits the fields the member may write. The save carries the version it
 * started from (If-Match): when someone saved meanwhile, it says who changed what and offers
 * to reload instead of overwriting their change.
 */
export function EditRecordDrawer({ ws, app, form, record, people, onClose, onSaved, onReload }: EditRecordDrawerProps) {
  const { t, i18n } = useTranslation();
  const { t: tu } = useTranslation('enduser');
  const api = useApi();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const ref = useRef<SchemaFormHandle>(null);
  const rjsf = useMemo(
    () => toRjsf(form, { language: i18n.language, members: people.members, departments: people.departments, records: { ws, app }, files: { ws, app, form: form.key, record: record.id } }),
    [form, i18n.language, people.members, people.departments, ws, app, record.id],
  );
  // Formula values are the server's: the form computes them as people type and never sends them.
  const stored = useMemo(() => withoutFormulas(rjsf.formulas, record.data), [rjsf.formulas, record.data]);
  const [data, setData] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(Object.entries(stored).filter(([k]) => rjsf.fields.includes(k))),
  );
  // Linked defaults refill when the fields they match on change (not when the drawer opens).
  useLinkage({ api, ws, app, form, fields: rjsf.fields, data, setData, open: true });
  const formulaSettings = useFormulaSettings(ws);
  const [errors, setErrors] = useState<ErrorSchema>();
  const [problem, setProblem] = useState('');
  const [conflict, setConflict] = useState<ConflictInfo>();
  const [saving, setSaving] = useState(false);
  const labels = fieldLabels(form, i18n.language);

  const save = async (values: Record<string, unknown>) => {
    setSaving(true);
    setProblem('');
    setErrors(undefined);
    try {
      // Only what changed is sent, and a cleared field is sent as null.
      const patch: Record<string, unknown> = {};
      for (const k of rjsf.fields) {
        if (k in record.data && !(k in stored)) continue; // a formula
        const before = stored[k];
        const after = values[k];
        if (JSON.stringify(before) !== JSON.stringify(after)) patch[k] = after === undefined ? null : after;
      }
      const r = await api.updateRecord(ws, app, form.key, record.id, record.version, patch);
      message.success(tu('saved'));
      onSaved(r);
    } catch (err) {
      if (isApiError(err) && (err.status === 409 || err.status === 412)) {
        const history = await api.history(ws, app, form.key, record.id).then((h) => h.events, () => []);
        setConflict(conflictFrom(history, record.version) ?? { actor: '', at: '', fields: [] });
      } else if (isApiError(err) && err.hasFieldErrors()) {
        const mapped = toErrorSchema(err.fields, rjsf.fields);
        setErrors(mapped.errorSchema);
        setProblem(mapped.unmatched.length > 0 ? mapped.unmatched.join(' ') : t('fixFields', { ns: 'records' }));
      } else {
        setProblem(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const when = (v: string) => (v ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v)) : '');
  return (
    <Drawer
      open
      width={phone ? '100%' : 640}
      className={phone ? 'fl-drawer-phone' : undefined}
      title={tu('edit')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} disabled={conflict !== undefined} onClick={() => ref.current?.submit()} data-testid="save-record">
            {tu('save')}
          </Button>
        </Space>
      }
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="edit-conflict"
          message={tu('conflictTitle')}
          description={tu('conflictBody', {
            who: people.name(conflict.actor) ?? conflict.actor,
            when: when(conflict.at),
            fields: conflict.fields.map((f) => labels.get(f) ?? f).join(i18n.language.startsWith('zh') ? '、' : ', '),
          })}
          action={
            <Button size="small" onClick={onReload} data-testid="conflict-reload">
              {tu('conflictReload')}
            </Button>
          }
        />
      )}
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} data-testid="form-problem" />}
      <SchemaForm ref={ref} form={rjsf} data={data} onChange={setData} onSubmit={(d) => void save(d)} errors={errors} disabled={saving} formulaSettings={formulaSettings} />
    </Drawer>
  );
}
