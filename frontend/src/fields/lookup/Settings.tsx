import { Alert, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { metaOf, propsOf } from '../settings/schema';
import { problemAt, type PanelProps } from '../settings/panel';
import { lookupProblems, relationChoices, shownChoices, withLookupField, withLookupRelation } from './model';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** LookupSettings: which relation field of the form to follow, and which field of its record to show. */
export function LookupSettings({ field, property, formSchema, onEditSchema, doc, problems }: PanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const meta = metaOf(property);
  const relations = relationChoices(formSchema, lang);
  const wrong = lookupProblems(doc, formSchema, property);
  if (wrong.relation === 'noRelations') {
    return <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('lookup.noRelations', { ns: 'designers' })} data-testid="lookup-no-relations" />;
  }
  const relation = str(meta.relation);
  const relForm = str(metaOf(propsOf(formSchema)[relation]).form);
  const relProblem = wrong.relation ?? (problemAt(problems, '/x-formloom/relation') ? 'pick' : undefined);
  const fieldProblem = !relProblem && (wrong.field ?? (problemAt(problems, '/x-formloom/field') ? 'pick' : undefined));
  const noForm = !relProblem && !doc.forms.some((f) => f.key === relForm);
  const fields = shownChoices(doc, relForm, lang);
  const chosen = str(meta.field);
  return (
    <>
      <Form.Item
        label={t('lookup.relation', { ns: 'designers' })}
        extra={t('lookup.relationHint', { ns: 'designers' })}
        validateStatus={relProblem ? 'error' : undefined}
        help={relProblem ? t('lookup.pickRelation', { ns: 'designers' }) : undefined}
      >
        <Select
          value={relations.some((r) => r.value === relation) ? relation : undefined}
          options={relations}
          onChange={(v: string) => onEditSchema((s) => withLookupRelation(s, field.key, v, doc))}
          data-testid="lookup-relation"
        />
      </Form.Item>
      <Form.Item
        label={t('lookup.field', { ns: 'designers' })}
        extra={t('lookup.fieldHint', { ns: 'designers' })}
        validateStatus={fieldProblem || noForm ? 'error' : undefined}
        help={noForm ? t('lookup.noRelatedForm', { ns: 'designers' }) : fieldProblem ? t('lookup.pickField', { ns: 'designers' }) : undefined}
      >
        <Select
          value={fields.some((f) => f.value === chosen) ? chosen : undefined}
          options={fields}
          disabled={relProblem !== undefined || noForm}
          onChange={(v: string) => onEditSchema((s) => withLookupField(s, field.key, v, doc))}
          data-testid="lookup-field"
        />
      </Form.Item>
    </>
  );
}
