import { Alert, App, Button, Drawer, Grid, Space } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import type { FormDef, PipelineDef, PipelineNode, RecordItem } from '../../shared/api/types';
import { SchemaForm, type SchemaFormHandle } from '../forms/SchemaForm';
import { useFormulaSettings } from '../forms/formula/useFormulaSettings';
import { errorMessage } from '../../shared/lib/apiErrors';
import { editableFields } from './flowActions';
import { localized } from '../../shared/lib/localized';
import { copyValues } from './copyRecord';
import { orderedFields, startValues, serverVerdicts, toErrorSchema, toRjsf, type ErrorSchema } from '../forms/schemaForm';
import type { People } from '../../shared/hooks/useWorkspaceData';
import { useLinkage } from './useLinkage';
import { useAuth } from '../../app/auth/AuthContext';

export interface NewRecordDrawerProps {
  ws: string;
  app: string;
  form: FormDef;
  people: People;
  open: boolean;
  /** Whether the form has a pipeline: then "save as draft" keeps the record from being submitted. */
  canDraft: boolean;
  /** Whether creating the record starts its pipeline. A pipeline that does not start on
   * creation (a meeting is scheduled first and submitted after it) makes the drawer's one
   * button "Save": every record it creates waits on its page for "Submit". */
  startsFlow?: boolean;
  /** The pipeline's start node: the submitter fills only the fields it lets them edit. */
  startNode?: PipelineNode;
  /** The values of a record to start from (复制): those this form enters, see copyValues. */
  copyOf?: Record<string, unknown>;
  /** Values the form starts with, over the defaults: the day chosen on a calendar. */
  initial?: Record<string, unknown>;
  onClose: () => void;
  onCreated: (record: RecordItem) => void;
}

/**
 * flowStart is what a new record's drawer needs of the form's pipeline: whether a record can
 * wait as a draft, whether creating it starts the flow, and the start node whose fields the
 * submitter fills.
 */
export function flowStart(pipeline: PipelineDef | undefined): Pick<NewRecordDrawerProps, 'canDraft' | 'startsFlow' | 'startNode'> {
  return { canDraft: pipeline !== undefined, startsFlow: pipeline?.autoStart !== false, startNode: pipeline?.nodes.find((n) => n.type === 'start') };
}

/** NewRecordDrawer renders the form from its JSON Schema and creates a record, or a draft. */
export function NewRecordDrawer({ ws, app, form, people, open, canDraft, startsFlow = true, startNode, copyOf, initial, onClose, onCreated }: NewRecordDrawerProps) {
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const formRef = useRef<SchemaFormHandle>(null);
  const asDraft = useRef(false);
  // The same choice for the buttons' spinners: a ref is not read while rendering.
  const [draftChosen, setDraftChosen] = useState(false);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<ErrorSchema>();
  const [problem, setProblem] = useState('');
  const [saving, setSaving] = useState(false);
  const formulaSettings = useFormulaSettings(ws);
  const { user } = useAuth();
  const me = user?.id ?? '';
  const { departmentsOf } = people;
  const myDepartments = useMemo(() => (me ? departmentsOf(me) : []), [me, departmentsOf]);

  const rjsf = useMemo(() => {
    // With a pipeline the start node says what the submitter fills; its other fields are
    // for later steps and stay out of the form.
    const order = orderedFields(form);
    const step = startNode?.fields
      ? editableFields(startNode).sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key))
      : undefined;
    return toRjsf(form, {
      language: i18n.language,
      members: people.members,
      departments: people.departments,
      records: { ws, app },
      files: { ws, app, form: form.key },
      only: step?.map((f) => f.key),
      required: step?.filter((f) => f.required).map((f) => f.key),
    });
  }, [form, startNode, i18n.language, people.members, people.departments, ws, app]);

  // Fields with a plain default start with it, and those defaulting to the current user (or
  // their department) as the member filling the form, put into the data once it opens — again when her departments arrive, without
  // touching what is already there.
  const seed = useMemo(
    () => ({
      ...startValues(form, rjsf.fields, me ? { user: me, departments: myDepartments } : undefined),
      ...(copyOf ? copyValues(form, rjsf.fields, copyOf) : {}),
      ...initial,
    }),
    [form, rjsf.fields, me, myDepartments, copyOf, initial],
  );
  const seedKey = open ? JSON.stringify(seed) : '';
  const [seeded, setSeeded] = useState('');
  if (seedKey !== seeded) {
    setSeeded(seedKey);
    if (seedKey) setData((d) => ({ ...seed, ...d }));
  }

  // Linked defaults refill when the fields they match on change.
  useLinkage({ api, ws, app, form, fields: rjsf.fields, data, setData, open });

  // The server's verdict while the form is filled: cross-field rules and the checks only
  // the server decides show on their fields before submit.
  const [live, setLive] = useState<ErrorSchema>();
  // A closed or empty form has no live verdict: it is dropped in the render that closes or
  // empties the form, and the check starts again only for a filled one.
  const checking = open && Object.keys(data).length > 0;
  const [wasChecking, setWasChecking] = useState(checking);
  if (checking !== wasChecking) {
    setWasChecking(checking);
    if (!checking) setLive(undefined);
  }
  useEffect(() => {
    if (!checking) return;
    let stale = false;
    const timer = window.setTimeout(() => {
      api.checkRecord(ws, app, form.key, data).then(
        () => !stale && setLive(undefined),
        (err: unknown) => {
          if (stale || !isApiError(err) || !err.hasFieldErrors()) return;
          const always = Array.isArray(rjsf.schema.required) ? (rjsf.schema.required as string[]) : [];
          const shown = serverVerdicts(err.fields, always);
          setLive(Object.keys(shown).length > 0 ? toErrorSchema(shown, rjsf.fields).errorSchema : undefined);
        },
      );
    }, 400);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [api, ws, app, form.key, data, checking, rjsf.fields, rjsf.schema.required]);

  const reset = () => {
    setData({});
    setSeeded('');
    setErrors(undefined);
    setProblem('');
  };

  const save = async (values: Record<string, unknown>) => {
    setSaving(true);
    setProblem('');
    try {
      const rec = await api.createRecord(ws, app, form.key, values, asDraft.current);
      const said = asDraft.current ? 'draftSaved' : canDraft && !startsFlow ? 'savedToSubmit' : 'created';
      message.success(t(said, { ns: 'records' }));
      reset();
      onCreated(rec);
    } catch (err) {
      if (isApiError(err) && err.hasFieldErrors()) {
        const mapped = toErrorSchema(err.fields, rjsf.fields);
        setErrors(mapped.errorSchema);
        setProblem(mapped.unmatched.length > 0 ? mapped.unmatched.join(' ') : t('fixFields', { ns: 'records' }));
      } else {
        setErrors(undefined);
        setProblem(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = (draft: boolean) => {
    asDraft.current = draft;
    setDraftChosen(draft);
    // A draft keeps what is there, required fields still empty: they are checked on submit.
    if (draft) void save(data);
    else formRef.current?.submit();
  };

  return (
    <Drawer
      open={open}
      width={phone ? '100%' : 640}
      className={phone ? 'fl-drawer-phone' : undefined}
      title={t('newTitle', { ns: 'records', form: localized(form.name, i18n.language) })}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) reset();
      }}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {canDraft && startsFlow && (
            <Button onClick={() => submit(true)} loading={saving && draftChosen} data-testid="save-draft">
              {t('saveDraft', { ns: 'records' })}
            </Button>
          )}
          <Button type="primary" onClick={() => submit(false)} loading={saving && !draftChosen} data-testid="submit-record">
            {t(canDraft && !startsFlow ? 'save' : 'submit', { ns: 'records' })}
          </Button>
        </Space>
      }
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} data-testid="form-problem" />}
      <SchemaForm
        ref={formRef}
        form={rjsf}
        data={data}
        onChange={(d) => {
          setData(d);
        }}
        onSubmit={(d) => void save(d)}
        errors={errors ?? live}
        disabled={saving}
        formulaSettings={formulaSettings}
      />
    </Drawer>
  );
}
