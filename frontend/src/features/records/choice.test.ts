import { describe, expect, it } from 'vitest';
import { choiceIndex, choiceProps, choiceValue } from './choice';

const opts = [
  { value: 'low', label: 'Low' },
  { value: 'high', label: 'High' },
];

describe('generated form selects', () => {
  it('offer only real choices: no blank first option, required or not', () => {
    for (const required of [true, false]) {
      const p = choiceProps(opts, required, false);
      expect(p.options.map((o) => o.label)).toEqual(['Low', 'High']);
      expect(p.options.some((o) => o.label === '' || o.value === '')).toBe(false);
    }
  });
  it('tell two choices with one label apart by their descriptions, and search both', () => {
    const two = [
      { value: 'u1', label: '王磊' },
      { value: 'u2', label: '王磊' },
    ];
    const p = choiceProps(two, true, false, ['销售部', '财务部']);
    expect(p.options.map((o) => o.desc)).toEqual(['销售部', '财务部']);
    expect(p.options.map((o) => o.search)).toEqual(['王磊 销售部', '王磊 财务部']);
    expect(choiceProps(two, true, false, ['', '']).options.map((o) => [o.desc, o.search])).toEqual([
      [undefined, '王磊'],
      [undefined, '王磊'],
    ]);
  });
  it('let an optional select be cleared explicitly, and a required one not', () => {
    expect(choiceProps(opts, false, false).allowClear).toBe(true);
    expect(choiceProps(opts, true, false).allowClear).toBe(false);
  });
  it('store nothing when cleared, the option’s value when picked', () => {
    expect(choiceValue(opts, undefined, false)).toBeUndefined();
    expect(choiceValue(opts, '', false)).toBeUndefined();
    expect(choiceValue(opts, '1', false)).toBe('high');
    expect(choiceValue(opts, [], true)).toBeUndefined();
    expect(choiceValue(opts, ['1', '0'], true)).toEqual(['high', 'low']);
  });
  it('show the stored value as its option, nothing for an empty field', () => {
    expect(choiceIndex(opts, 'high', false)).toBe('1');
    expect(choiceIndex(opts, undefined, false)).toBeUndefined();
    expect(choiceIndex(opts, ['low'], true)).toEqual(['0']);
  });
});
