import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldView } from './designer';
import type { SectionView } from './sections';

interface Props {
  sections: SectionView[];
  fields: FieldView[];
  /** The selected field, which a new section starts with. */
  selected?: string;
  onAdd: (fields: string[]) => void;
  onChange: (i: number, patch: Partial<SectionView>) => void;
  onRemove: (i: number) => void;
}

/**
 * SectionsEditor lists the form's sections ("分组 / Section") under the canvas: title in both
 * languages, whether it folds, and which fields it holds (picked by label). A new section starts
 * with the selected field.
 */
export function SectionsEditor({ sections, fields, selected, onAdd, onChange, onRemove }: Props) {
  const { t, i18n } = useTranslation('forms');
  const zh = i18n.language.toLowerCase().startsWith('zh');
  const options = fields.map((f) => ({ value: f.key, label: (zh ? f.label.zh || f.label.en : f.label.en || f.label.zh) || f.key }));
  const first = selected && fields.some((f) => f.key === selected) ? selected : fields[0]?.key;
  return (
    <div className="fl-sections-editor" data-testid="designer-sections">
      <Space style={{ margin: '16px 0 8px' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('section.title')}
        </Typography.Title>
        <Button size="small" icon={<PlusOutlined />} disabled={!first} onClick={() => first && onAdd([first])} data-testid="add-section">
          {t('section.add')}
        </Button>
      </Space>
      {sections.length === 0 && <Typography.Paragraph type="secondary">{t('section.none')}</Typography.Paragraph>}
      {sections.map((s, i) => (
        <Card key={i} size="small" style={{ marginBottom: 8 }} data-testid={`designer-section-${i}`}>
          <Space.Compact block style={{ marginBottom: 6 }}>
            <Input
              placeholder={t('section.nameZh')}
              value={s.title.zh}
              onChange={(e) => onChange(i, { title: { ...s.title, zh: e.target.value } })}
              data-testid={`section-title-zh-${i}`}
            />
            <Input
              placeholder={t('section.nameEn')}
              value={s.title.en}
              onChange={(e) => onChange(i, { title: { ...s.title, en: e.target.value } })}
              data-testid={`section-title-en-${i}`}
            />
            <Button icon={<DeleteOutlined />} onClick={() => onRemove(i)} aria-label={t('section.remove')} data-testid={`section-remove-${i}`} />
          </Space.Compact>
          <Select
            mode="multiple"
            style={{ width: '100%', marginBottom: 6 }}
            value={s.fields}
            options={options}
            onChange={(v: string[]) => onChange(i, { fields: v })}
            aria-label={t('section.fields')}
            data-testid={`section-fields-${i}`}
          />
          <Space>
            <Checkbox checked={s.collapsible} onChange={(e) => onChange(i, { collapsible: e.target.checked })}>
              {t('section.collapsible')}
            </Checkbox>
            {s.collapsible && (
              <Checkbox checked={s.collapsed} onChange={(e) => onChange(i, { collapsed: e.target.checked })}>
                {t('section.collapsed')}
              </Checkbox>
            )}
          </Space>
        </Card>
      ))}
    </div>
  );
}
