import { describe, expect, it } from 'vitest';
import type { Template } from './designer';
import { addSection, blocks, removeSection, renameInSections, sectionsOf, updateSection } from './sections';

const tpl = (): Template => ({ key: 'a', forms: [{ key: 'f', schema: { type: 'object', properties: {} } }] });
const zh = (s: string) => ({ zh: s, en: '' });

describe('sections', () => {
  it('adds, updates and removes sections in ui.sections; a field is in one section at most', () => {
    let t = addSection(tpl(), 0, zh('基本信息'), ['a', 'b']);
    t = addSection(t, 0, { zh: '明细', en: 'Items' }, ['b', 'c']);
    expect(t.forms[0]!.ui).toEqual({
      sections: [
        { title: { 'zh-CN': '基本信息' }, fields: ['a'] },
        { title: { 'zh-CN': '明细', en: 'Items' }, fields: ['b', 'c'] },
      ],
    });
    t = updateSection(t, 0, 1, { collapsible: true, collapsed: true, fields: ['c'] });
    expect(sectionsOf(t.forms[0])[1]).toEqual({ title: { zh: '明细', en: 'Items' }, fields: ['c'], collapsible: true, collapsed: true });
    t = updateSection(t, 0, 0, { fields: ['a', 'c'] });
    expect(sectionsOf(t.forms[0]).map((s) => s.fields)).toEqual([['a', 'c']]);
    t = removeSection(t, 0, 0);
    expect(t.forms[0]!.ui).toBeUndefined();
  });

  it('follows a renamed field and drops a removed one', () => {
    let t = addSection(tpl(), 0, zh('分组'), ['a', 'b']);
    t = renameInSections(t, 0, 'a', 'x');
    expect(sectionsOf(t.forms[0])[0]!.fields).toEqual(['x', 'b']);
    t = renameInSections(renameInSections(t, 0, 'x', undefined), 0, 'b', undefined);
    expect(t.forms[0]!.ui).toBeUndefined();
  });

  it('lays a section out where its first field falls, its fields in display order', () => {
    expect(blocks(['a', 'b', 'c', 'd', 'e'], [{ fields: ['d', 'b'] }, { fields: ['e'] }])).toEqual([
      { field: 'a' },
      { section: 0, fields: ['b', 'd'] },
      { field: 'c' },
      { section: 1, fields: ['e'] },
    ]);
  });
});
