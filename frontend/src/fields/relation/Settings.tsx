import { Alert, Form, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { formName } from '../../features/designers/form/designer';
import { metaOf, propsOf, textIn } from '../settings/schema';
import { problemAt, type PanelProps } from '../settings/panel';
import { lookupsFollowing, relationForm, relationMultiple, relationProblem, withRelationForm, withRelationMultiple } from './model';

/** RelationSettings: the form whose records the field links to, and whether it links several. */
export function RelationSettings({ field, property, formSchema, onEditSchema, doc, formKey, problems }: PanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const form = relationForm(property);
  // The app's other forms first; a record may also link a record of its own form (a parent goal).
  const others = doc.forms.filter((f) => f.key !== formKey).map((f) => ({ value: String(f.key), label: formName(f, lang) }));
  const self = doc.forms.filter((f) => f.key === formKey).map((f) => ({ value: String(f.key), label: t('relation.thisForm', { ns: 'designers', name: formName(f, lang) }) }));
  const problem = relationProblem(doc, property) ?? (problemAt(problems, '/x-formloom/form') ? 'unknownForm' : undefined);
  const lookups = lookupsFollowing(formSchema, field.key).map((k) => textIn(metaOf(propsOf(formSchema)[k]).label, lang) || k);
  return (
    <>
      <Form.Item
        label={t('relation.form', { ns: 'designers' })}
        extra={t('relation.formHint', { ns: 'designers' })}
        validateStatus={problem ? 'error' : undefined}
        help={problem ? t(`relation.${problem}`, { ns: 'designers' }) : undefined}
      >
        <Select
          // A form the app no longer has is not shown by its key: the item says to choose again.
          value={doc.forms.some((f) => f.key === form) ? form : undefined}
          options={[...others, ...self]}
          onChange={(v: string) => onEditSchema((s) => withRelationForm(s, field.key, v, doc))}
          data-testid="relation-form"
        />
      </Form.Item>
      {lookups.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('relation.lookups', { ns: 'designers', names: lookups.join('、') })} data-testid="relation-lookups" />}
      <Form.Item label={t('relation.multiple', { ns: 'designers' })} extra={t('relation.multipleHint', { ns: 'designers' })}>
        <Switch checked={relationMultiple(property)} onChange={(on) => onEditSchema((s) => withRelationMultiple(s, field.key, on, doc))} data-testid="relation-multiple" />
      </Form.Item>
    </>
  );
}
