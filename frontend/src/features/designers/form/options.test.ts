import { describe, expect, it } from 'vitest';
import { addField, fieldView, updateField, type JsonObject, type OptionSetting, type Template } from './designer';
import { fixedOptions, relabelOption } from './options';

const NONE = new Set<string>();

/** The options a new select starts with, as the designer shows them. */
const placeholders = (): OptionSetting[] => [
  { value: 'option1', label: { zh: '选项1', en: 'Option 1' } },
  { value: 'option2', label: { zh: '选项2', en: 'Option 2' } },
];

/** Types the Chinese label of option i one prefix at a time, as the admin does. */
function typeLabel(options: OptionSetting[], i: number, text: string, fixed: ReadonlySet<string> = NONE): OptionSetting[] {
  let out = options;
  for (let n = 1; n <= text.length; n++) out = relabelOption(out, i, { ...out[i]!.label, zh: text.slice(0, n) }, fixed);
  return out;
}

describe('relabelOption', () => {
  it('gives a new option its value from the Chinese label and drops the placeholder English', () => {
    const out = relabelOption(placeholders(), 0, { zh: '住宿', en: 'Option 1' }, NONE);
    expect(out[0]).toEqual({ value: 'zhuSu', label: { zh: '住宿', en: '' } });
    expect(out[1]).toEqual(placeholders()[1]);
  });

  it('follows the label while it is typed, and when it is changed again', () => {
    let out = typeLabel(placeholders(), 0, '住宿');
    expect(out[0]?.value).toBe('zhuSu');
    out = relabelOption(out, 0, { zh: '', en: '' }, NONE);
    expect(out[0]?.value).toBe('option1');
    out = typeLabel(out, 0, '交通');
    expect(out[0]).toEqual({ value: 'jiaoTong', label: { zh: '交通', en: '' } });
  });

  it('keeps values unique within the field and off the published ones', () => {
    let out = typeLabel(placeholders(), 0, '住宿');
    out = typeLabel(out, 1, '住宿');
    expect(out.map((o) => o.value)).toEqual(['zhuSu', 'zhuSu2']);
    // "jiaoTong" was published and removed since: records still hold it.
    const other = typeLabel(placeholders(), 0, '交通', new Set(['jiaoTong']));
    expect(other[0]?.value).toBe('jiaoTong2');
  });

  it('never renames a published option, even one still called option1', () => {
    const out = relabelOption(placeholders(), 0, { zh: '住宿', en: 'Option 1' }, new Set(['option1']));
    expect(out[0]).toEqual({ value: 'option1', label: { zh: '住宿', en: '' } });
  });

  it('keeps a value and an English label typed by hand', () => {
    const typed: OptionSetting[] = [{ value: 'travel', label: { zh: '出差', en: 'Trip' } }];
    expect(relabelOption(typed, 0, { zh: '住宿', en: 'Trip' }, NONE)).toEqual([{ value: 'travel', label: { zh: '住宿', en: 'Trip' } }]);
  });

  it('leaves the value alone when only the English label changes', () => {
    const out = relabelOption(placeholders(), 0, { zh: '选项1', en: 'Travel' }, NONE);
    expect(out[0]).toEqual({ value: 'option1', label: { zh: '选项1', en: 'Travel' } });
  });

  it('keeps the placeholder value for a label with nothing to read', () => {
    expect(relabelOption(placeholders(), 1, { zh: '100', en: '' }, NONE)[1]?.value).toBe('option2');
  });
});

describe('options in the template', () => {
  const template = (): Template => addField({ forms: [{ key: 'claim', schema: { type: 'object', properties: {} } }] }, 0, 'select', 'leiXing', { zh: '类型', en: '' });

  it('writes a renamed option with its colour, and the default follows it', () => {
    let t = template();
    const props = () => (t.forms[0]!.schema as JsonObject).properties as Record<string, JsonObject>;
    ((props().leiXing!['x-formloom'] as JsonObject).options as JsonObject[])[0]!.color = 'blue';
    props().leiXing!.default = 'option1';
    t = updateField(t, 0, 'leiXing', { options: relabelOption(fieldView(t.forms[0]!, 'leiXing')!.options, 0, { zh: '住宿', en: 'Option 1' }, NONE) });
    expect(props().leiXing!.enum).toEqual(['zhuSu', 'option2']);
    expect(props().leiXing!.default).toBe('zhuSu');
    expect((props().leiXing!['x-formloom'] as JsonObject).options).toEqual([
      { value: 'zhuSu', label: { 'zh-CN': '住宿' }, color: 'blue' },
      { value: 'option2', label: { 'zh-CN': '选项2', en: 'Option 2' } },
    ]);
  });

  it('reads the values records may hold from the published version, else from the saved draft', () => {
    const saved = template();
    const published: Template = { forms: [{ key: 'claim', schema: { type: 'object', properties: { leiXing: { type: 'string', 'x-formloom': { type: 'select', options: [{ value: 'a' }] } } } } }] };
    expect(fixedOptions(published, saved, 'claim', 'leiXing')).toEqual(new Set(['a']));
    expect(fixedOptions(undefined, saved, 'claim', 'leiXing')).toEqual(new Set(['option1', 'option2']));
    expect(fixedOptions({ forms: [] }, saved, 'claim', 'leiXing')).toEqual(new Set());
    expect(fixedOptions(published, saved, 'claim', 'items.kind')).toEqual(new Set());
  });
});
