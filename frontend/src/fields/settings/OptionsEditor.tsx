import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OptionSetting, Texts } from '../../features/designers/form/designer';
import { relabelOption } from '../../features/designers/form/options';

const NONE: ReadonlySet<string> = new Set();

/**
 * OptionsEditor edits a choice field's options: value and labels, order, add and remove. A new
 * option's value follows its Chinese label until typed by hand; those in fixed (published, held
 * by records) keep theirs.
 */
export function OptionsEditor({ options, fixed = NONE, onChange }: { options: OptionSetting[]; fixed?: ReadonlySet<string>; onChange: (o: OptionSetting[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, o: OptionSetting) => onChange(options.map((x, j) => (j === i ? o : x)));
  const relabel = (i: number, label: Texts) => onChange(relabelOption(options, i, label, fixed));
  const move = (i: number, d: number) => {
    const next = [...options];
    const [o] = next.splice(i, 1);
    next.splice(i + d, 0, o!);
    onChange(next);
  };
  const add = () => {
    let n = options.length + 1;
    // Not a value a removed published option had: records still hold it.
    while (options.some((o) => o.value === `option${n}`) || fixed.has(`option${n}`)) n++;
    onChange([...options, { value: `option${n}`, label: { zh: `选项${n}`, en: `Option ${n}` } }]);
  };
  return (
    <Form.Item label={t('options', { ns: 'designers' })}>
      <div className="fl-designer-options" data-testid="field-options">
        {options.map((o, i) => (
          <Space.Compact key={i} block style={{ marginBottom: 6 }}>
            <Input
              placeholder={t('optionValue', { ns: 'designers' })}
              value={o.value}
              onChange={(e) => set(i, { ...o, value: e.target.value })}
              style={{ width: '30%' }}
              data-testid={`option-value-${i}`}
            />
            <Input
              placeholder={t('optionZh', { ns: 'designers' })}
              value={o.label.zh}
              onChange={(e) => relabel(i, { ...o.label, zh: e.target.value })}
              data-testid={`option-zh-${i}`}
            />
            <Input
              placeholder={t('optionEn', { ns: 'designers' })}
              value={o.label.en}
              onChange={(e) => relabel(i, { ...o.label, en: e.target.value })}
              data-testid={`option-en-${i}`}
            />
            <Button icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('moveUp', { ns: 'designers' })} />
            <Button icon={<ArrowDownOutlined />} disabled={i === options.length - 1} onClick={() => move(i, 1)} aria-label={t('moveDown', { ns: 'designers' })} />
            <Button icon={<DeleteOutlined />} onClick={() => onChange(options.filter((_, j) => j !== i))} aria-label={t('common.delete')} />
          </Space.Compact>
        ))}
        <Button icon={<PlusOutlined />} onClick={add} size="small" data-testid="add-option">
          {t('addOption', { ns: 'designers' })}
        </Button>
      </div>
    </Form.Item>
  );
}
