import { describe, expect, it } from 'vitest';
import type { Template } from './designer';
import { toRjsf } from '../../forms/schemaForm';
import type { FormDef } from '../../../shared/api/types';
import { widthOf, withWidth } from './layout';

const tpl = (): Template => ({
  key: 'a',
  forms: [
    {
      key: 'f',
      schema: {
        type: 'object',
        properties: {
          start: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: { 'zh-CN': '开始' } } },
          end: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: { 'zh-CN': '结束' } } },
          notes: { type: 'string', 'x-formloom': { type: 'textarea', label: { 'zh-CN': '备注' } } },
        },
      },
      ui: { fields: { notes: { help: { 'zh-CN': '说明' } } } },
    },
  ],
});

describe('field width', () => {
  it('writes half and third in ui.fields, and full as no setting', () => {
    let t = withWidth(tpl(), 0, 'start', 'half');
    t = withWidth(t, 0, 'end', 'third');
    t = withWidth(t, 0, 'notes', 'half');
    expect(t.forms[0]!.ui).toEqual({ fields: { start: { width: 'half' }, end: { width: 'third' }, notes: { help: { 'zh-CN': '说明' }, width: 'half' } } });
    expect([widthOf(t.forms[0], 'start'), widthOf(t.forms[0], 'end')]).toEqual(['half', 'third']);
    t = withWidth(withWidth(withWidth(t, 0, 'start', 'full'), 0, 'end', 'full'), 0, 'notes', 'full');
    expect(t.forms[0]!.ui).toEqual(tpl().forms[0]!.ui);
    expect(withWidth(t, 0, 'start', 'full')).toBe(t);
    expect(widthOf(t.forms[0], 'start')).toBe('full');
  });

  it('lays the generated form out by width: a class per narrow field, none for full ones', () => {
    const t = withWidth(withWidth(tpl(), 0, 'start', 'half'), 0, 'end', 'third');
    const rjsf = toRjsf(t.forms[0] as unknown as FormDef, { language: 'zh-CN', members: [], departments: [] });
    expect(rjsf.uiSchema.start).toMatchObject({ 'ui:classNames': 'fl-w-half' });
    expect(rjsf.uiSchema.end).toMatchObject({ 'ui:classNames': 'fl-w-third' });
    expect((rjsf.uiSchema.notes as Record<string, unknown>)['ui:classNames']).toBeUndefined();
  });
});
