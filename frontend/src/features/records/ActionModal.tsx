import { Alert, App, Form, Mentions, Modal, Radio, Select, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import type { ActionInput, FormDef, PipelineDef, PipelineNode, RecordItem } from '../../shared/api/types';
import { SchemaForm, type SchemaFormHandle } from '../forms/SchemaForm';
import { errorMessage } from '../../shared/lib/apiErrors';
import { editableFields, returnTargets, stepForm, type FlowAction } from './flowActions';
import { localized } from '../../shared/lib/localized';
import { mentionedIds } from './mentions';
import { orderedFields, toErrorSchema, toRjsf, type ErrorSchema } from '../forms/schemaForm';
import type { People } from '../../shared/hooks/useWorkspaceData';

export interface ActionModalProps {
  ws: string;
  app: string;
  form: FormDef;
  pipeline?: PipelineDef;
  record: RecordItem;
  action: FlowAction;
  /** The node the action is taken on: the user's task's node, or the start node for submit. */
  node?: PipelineNode;
  people: People;
  onClose: () => void;
  onDone: (record: RecordItem) => void;
}

interface FormValues {
  comment?: string;
  to?: string;
  member?: string;
  position?: 'before' | 'after';
  members?: string[];
}

/** Actions that write the node's editable fields with `data`. */
const WITH_DATA: ReadonlySet<FlowAction> = new Set<FlowAction>(['submit', 'approve', 'complete']);

/**
 * ActionModal takes one pipeline action on a record: a comment, the node's editable fields
 * for submit/approve/complete, where to return it to, or whom to transfer it to.
 */
export function ActionModal({ ws, app, form, pipeline, record, action, node, people, onClose, onDone }: ActionModalProps) {
  const { t, i18n } = useTranslation();
  const { t: tu } = useTranslation('enduser');
  const api = useApi();
  const { message } = App.useApp();
  const [antForm] = Form.useForm<FormValues>();
  const fieldsRef = useRef<SchemaFormHandle>(null);
  const pending = useRef<FormValues>({});
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState('');
  const [errors, setErrors] = useState<ErrorSchema>();

  // The node's fields in the form's order, not the order its rules were written in.
  const editable = useMemo(() => {
    const order = orderedFields(form);
    return WITH_DATA.has(action) ? editableFields(node).sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key)) : [];
  }, [form, node, action]);
  const rjsf = useMemo(
    () =>
      editable.length > 0
        ? toRjsf(stepForm(form, editable.map((f) => f.key)), {
            language: i18n.language,
            members: people.members,
            departments: people.departments,
            records: { ws, app },
            // Uploads name the record: a step may ask for a file from someone whose role writes no records.
            files: { ws, app, form: form.key, record: record.id },
            only: editable.map((f) => f.key),
            required: editable.filter((f) => f.required).map((f) => f.key),
          })
        : undefined,
    [form, editable, i18n.language, people.members, people.departments, ws, app, record.id],
  );
  const [data, setData] = useState<Record<string, unknown>>(() => {
    const out: Record<string, unknown> = {};
    for (const f of editable) if (record.data[f.key] !== undefined) out[f.key] = record.data[f.key];
    return out;
  });

  const targets = action === 'return' ? returnTargets(pipeline, node?.key ?? '') : [];

  const send = async (fieldData?: Record<string, unknown>) => {
    const { comment, to, member, position, members } = pending.current;
    const input: ActionInput = {};
    if (comment?.trim()) input.comment = comment.trim();
    // Every action's comment may @mention colleagues: they are told and may read the record.
    if (input.comment) {
      const mentions = mentionedIds(input.comment, people.members);
      if (mentions.length > 0) input.mentions = mentions;
    }
    if (to) input.to = to;
    if (action === 'addApprover') {
      input.member = member;
      input.position = position ?? 'before';
    }
    if (action === 'cc') input.members = members ?? [];
    if (fieldData && rjsf) {
      input.data = Object.fromEntries(Object.entries(fieldData).filter(([k]) => rjsf.fields.includes(k)));
    }
    setSaving(true);
    setProblem('');
    try {
      const rec = await api.act(ws, app, form.key, record.id, action, input);
      message.success(t('run.done', { ns: 'flow' }));
      onDone(rec);
    } catch (err) {
      if (isApiError(err) && err.hasFieldErrors() && rjsf) {
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

  const onOk = async () => {
    pending.current = await antForm.validateFields();
    if (rjsf) fieldsRef.current?.submit(); // validates, then sends through onSubmit
    else await send();
  };

  const label = t(`run.actions.${action}`, { ns: 'flow' });
  return (
    <Modal
      open
      title={label}
      okText={label}
      okButtonProps={{ danger: action === 'reject', loading: saving, 'data-testid': 'action-ok' } as never}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      width={rjsf ? 640 : 480}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      {rjsf && (
        <>
          <Typography.Text type="secondary">{t('run.editable', { ns: 'flow' })}</Typography.Text>
          <SchemaForm
            ref={fieldsRef}
            form={rjsf}
            data={data}
            onChange={setData}
            onSubmit={(d) => void send(d)}
            errors={errors}
            disabled={saving}
          />
        </>
      )}
      <Form
        form={antForm}
        layout="vertical"
        initialValues={{ to: action === 'return' ? targets[0]?.key : undefined, position: action === 'addApprover' ? 'before' : undefined }}
      >
        {action === 'addApprover' && (
          <>
            <Form.Item name="member" label={t('run.approver', { ns: 'flow' })} rules={[{ required: true, message: t('run.chooseMember', { ns: 'flow' }) }]}>
              <Select
                showSearch
                optionFilterProp="label"
                placeholder={t('run.chooseMember', { ns: 'flow' })}
                options={people.members}
                data-testid="add-approver-member"
              />
            </Form.Item>
            <Form.Item name="position" label={t('run.position', { ns: 'flow' })}>
              <Radio.Group
                options={[
                  { value: 'before', label: t('run.before', { ns: 'flow' }) },
                  { value: 'after', label: t('run.after', { ns: 'flow' }) },
                ]}
              />
            </Form.Item>
          </>
        )}
        {action === 'cc' && (
          <Form.Item name="members" label={t('run.ccMembers', { ns: 'flow' })} rules={[{ required: true, message: t('run.chooseMembers', { ns: 'flow' }) }]}>
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              placeholder={t('run.chooseMembers', { ns: 'flow' })}
              options={people.members}
              data-testid="cc-members"
            />
          </Form.Item>
        )}
        {action === 'return' && (
          <Form.Item name="to" label={t('run.returnTo', { ns: 'flow' })}>
            <Select
              options={targets.map((n) => ({ value: n.key, label: localized(n.name, i18n.language) || n.key }))}
            />
          </Form.Item>
        )}
        {action === 'transfer' && (
          <Form.Item name="to" label={t('run.transferTo', { ns: 'flow' })} rules={[{ required: true, message: t('run.chooseMember', { ns: 'flow' }) }]}>
            <Select showSearch optionFilterProp="label" placeholder={t('run.chooseMember', { ns: 'flow' })} options={people.members} />
          </Form.Item>
        )}
        {/* With the step's own fields above (主管意见…), this box is a note for the trail, not a
            second opinion field: its label says so, so an approver knows which one the record keeps. */}
        <Form.Item
          name="comment"
          label={rjsf && action !== 'comment' ? tu('actionNote') : t('run.comment', { ns: 'flow' })}
          extra={rjsf && action !== 'comment' ? tu('actionNoteHint') : undefined}
          rules={action === 'comment' ? [{ required: true, whitespace: true, message: t('run.commentRequired', { ns: 'flow' }) }] : []}
        >
          <Mentions
            rows={rjsf ? 2 : 3}
            placeholder={action === 'comment' ? t('run.mentionPlaceholder', { ns: 'flow' }) : tu('actionMentionPlaceholder')}
            maxLength={2000}
            options={people.members.map((m) => ({ key: m.value, value: m.label, label: m.label }))}
            data-testid="comment-mentions"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
