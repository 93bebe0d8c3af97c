import Form from '@rjsf/antd';
import type { RJSFSchema } from '@rjsf/utils';
import { forwardRef, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorSchema, RjsfForm } from '../lib/schemaForm';
import { createSchemaValidator } from '../lib/schemaValidator';
import { formWidgets } from '../features/records/FormWidgets';

export interface SchemaFormProps {
  form: RjsfForm;
  data: Record<string, unknown>;
  onChange: (data: Record<string, unknown>) => void;
  onSubmit: (data: Record<string, unknown>) => void;
  errors?: ErrorSchema;
  disabled?: boolean;
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
  { form, data, onChange, onSubmit, errors, disabled },
  ref,
) {
  const { i18n } = useTranslation();
  const validator = useMemo(() => createSchemaValidator(() => i18n.language), [i18n]);
  return (
    <Form
      ref={(f) => {
        const handle = f ? { submit: () => f.submit() } : null;
        if (typeof ref === 'function') ref(handle);
        else if (ref) ref.current = handle;
      }}
      schema={form.schema as RJSFSchema}
      uiSchema={{ ...form.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
      formData={data}
      validator={validator}
      widgets={formWidgets}
      extraErrors={errors as never}
      showErrorList={false}
      noHtml5Validate
      className="fl-schema-form"
      // A choice the user did not make stays empty, rather than taking the first option.
      experimental_defaultFormStateBehavior={{ constAsDefaults: 'never', emptyObjectFields: 'skipDefaults' }}
      disabled={disabled}
      onChange={(e) => onChange((e.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(e) => onSubmit((e.formData ?? {}) as Record<string, unknown>)}
    />
  );
});
