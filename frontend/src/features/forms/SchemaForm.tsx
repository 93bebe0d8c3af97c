import Form, { Templates } from '@rjsf/antd';
import type { BaseInputTemplateProps, FieldErrorProps, ObjectFieldTemplateProps, RJSFSchema } from '@rjsf/utils';
import { SectionedObjectTemplate } from './SectionedObjectTemplate';
import { AddRowButton, rjsfStrings } from './rowButtons';
import { SubformRow } from './SubformRow';
import { App } from 'antd';
import { forwardRef, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonSchema } from '../../shared/api/types';
import { UI_VISIBLE, type ErrorSchema, type RjsfForm } from './schemaForm';
import { createSchemaValidator } from './schemaValidator';
import { dropHidden, shown } from './visibility';
import { withNewRowDefaults } from './rowDefaults';
import { hasMessages, revealFirstError } from './revealError';
import { computeFormulas, withoutFormulas } from './formula/compute';
import { browserZone, type FormulaSettings } from './formula/useFormulaSettings';
import { UploadsContext, type Uploads } from './uploads';

// Sections lay out what show-when leaves: the visibility filter wraps the sectioned layout.
const BaseObjectTemplate = SectionedObjectTemplate;

/**
 * VisibleObjectTemplate leaves out the fields of an object (the record, or one sub-form
 * row) whose show-when condition its data does not match.
 */
function VisibleObjectTemplate(props: ObjectFieldTemplateProps) {
  const conds = props.uiSchema?.[UI_VISIBLE] as Record<string, JsonSchema> | undefined;
  if (!conds) return <BaseObjectTemplate {...props} />;
  const data = props.formData ?? {};
  const properties = props.properties.filter((p) => !conds[p.name] || shown(conds[p.name]!, data));
  return <BaseObjectTemplate {...props} properties={properties} />;
}
import { formWidgets } from '../records/FormWidgets';

const BaseFieldErrorTemplate = Templates.FieldErrorTemplate!;
const AntdBaseInputTemplate = Templates.BaseInputTemplate!;

/**
 * UnclampedInputTemplate draws number inputs without antd's min and max: InputNumber puts an
 * out-of-range value back into range when the input loses focus, so a typed -5 in an amount
 * that may not be negative was sent as 0 without a word. Kept as typed, the value is named
 * by the form's check instead (合同金额：不能小于 0).
 */
function UnclampedInputTemplate(props: BaseInputTemplateProps) {
  const { schema } = props;
  if (schema.type !== 'number' && schema.type !== 'integer') return <AntdBaseInputTemplate {...props} />;
  const { minimum: _min, maximum: _max, exclusiveMinimum: _emin, exclusiveMaximum: _emax, ...free } = schema;
  return <AntdBaseInputTemplate {...props} schema={free} />;
}

/**
 * UniqueFieldErrorTemplate shows each message of a field once: the browser's verdict and the
 * server's live check (extraErrors) often say the same thing, now that both compute formulas.
 */
function UniqueFieldErrorTemplate(props: FieldErrorProps) {
  return <BaseFieldErrorTemplate {...props} errors={props.errors && [...new Set(props.errors)]} />;
}

export interface SchemaFormProps {
  form: RjsfForm;
  data: Record<string, unknown>;
  onChange: (data: Record<string, unknown>) => void;
  onSubmit: (data: Record<string, unknown>) => void;
  errors?: ErrorSchema;
  disabled?: boolean;
  /** The workspace's timezone and calendar for the form's formulas (useFormulaSettings). */
  formulaSettings?: FormulaSettings;
}

/** The handle a parent uses to submit the form from its own buttons. */
export interface SchemaFormHandle {
  submit: () => void;
}

/**
 * SchemaForm renders a form from its JSON Schema with RJSF's Ant Design theme, validating
 * in the browser with the same schema the server checks; server errors come in `errors`.
 */
export const SchemaForm = forwardRef<SchemaFormHandle, SchemaFormProps>(function SchemaForm(
  { form, data, onChange, onSubmit, errors, disabled, formulaSettings },
  ref,
) {
  const { i18n } = useTranslation();
  const { t } = useTranslation('enduser');
  const translateString = useMemo(() => rjsfStrings(t), [t]);
  const validator = useMemo(() => createSchemaValidator(() => i18n.language), [i18n]);
  // Formulas are computed here as people type, so that their values show and the conditions
  // that test them (show-when, required-when, form rules) see what the server will see.
  // One clock per edit: TODAY() and NOW() do not tick between renders of the same data.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new clock for each new data is the point
  const now = useMemo(() => new Date(), [data]);
  const compute = (d: Record<string, unknown>) =>
    form.formulas ? computeFormulas(form.formulas, d, { now, timeZone: browserZone(), ...formulaSettings }).record : d;
  const shownData = compute(data);
  // What a condition hides is neither kept nor sent, as the server would drop it; formula
  // values are the server's to store.
  const settle = (d: Record<string, unknown>) => withoutFormulas(form.formulas, dropHidden(form.visible, compute(withoutFormulas(form.formulas, d))));
  // After a submit the first field with an error comes into view: the browser's verdict at
  // once (onError), the server's when the errors it gave arrive.
  const box = useRef<HTMLDivElement>(null);
  const awaitingVerdict = useRef(false);
  const reveal = () => window.setTimeout(() => revealFirstError(box.current), 0);
  // A submit waits for the files still being sent: the record would be saved without them.
  const { message } = App.useApp();
  const sending = useRef(0);
  const uploads = useMemo<Uploads>(
    () => ({
      begin: () => {
        sending.current++;
        let ended = false;
        return () => {
          if (ended) return;
          ended = true;
          sending.current--;
        };
      },
    }),
    [],
  );
  useEffect(() => {
    if (awaitingVerdict.current && hasMessages(errors)) {
      awaitingVerdict.current = false;
      revealFirstError(box.current);
    }
  }, [errors]);
  return (
    <div ref={box}>
      <UploadsContext.Provider value={uploads}>
        <Form
          ref={(f) => {
            const handle = f
              ? {
                  submit: () => {
                    if (sending.current > 0) void message.warning(t('files.wait'));
                    else f.submit();
                  },
                }
              : null;
            if (typeof ref === 'function') ref(handle);
            else if (ref) ref.current = handle;
          }}
          schema={form.schema as RJSFSchema}
          uiSchema={{ ...form.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
          formData={shownData}
          validator={validator}
          templates={{ BaseInputTemplate: UnclampedInputTemplate, ObjectFieldTemplate: VisibleObjectTemplate, ArrayFieldItemTemplate: SubformRow, FieldErrorTemplate: UniqueFieldErrorTemplate, ButtonTemplates: { AddButton: AddRowButton } }}
          translateString={translateString}
          widgets={formWidgets}
          extraErrors={errors as never}
          showErrorList={false}
          noHtml5Validate
          className="fl-schema-form"
          // A choice the user did not make stays empty, rather than taking the first option.
          experimental_defaultFormStateBehavior={{ constAsDefaults: 'never', emptyObjectFields: 'skipDefaults' }}
          disabled={disabled}
          // A row added to a sub-form starts with its columns' defaults.
          onChange={(e) => {
            awaitingVerdict.current = false;
            onChange(settle(withNewRowDefaults(form.schema, data, (e.formData ?? {}) as Record<string, unknown>)));
          }}
          onError={reveal}
          onSubmit={(e) => {
            awaitingVerdict.current = true;
            onSubmit(settle((e.formData ?? {}) as Record<string, unknown>));
          }}
        />
      </UploadsContext.Provider>
    </div>
  );
});
