import { describe, expect, it } from 'vitest';
import { mentionedIds } from './mentions';

const members = [
  { value: 'u1', label: '王磊' },
  { value: 'u2', label: '王磊磊' },
  { value: 'u3', label: 'Ann Lee' },
  { value: 'u4', label: '' },
];

describe('mentionedIds', () => {
  it('finds the mentioned members in order, once each', () => {
    expect(mentionedIds('@Ann Lee 请和 @王磊 确认金额，@Ann Lee 跟进', members)).toEqual(['u3', 'u1']);
  });
  it('takes the longest name that fits', () => {
    expect(mentionedIds('@王磊磊请确认', members)).toEqual(['u2']);
  });
  it('ignores unknown names, bare @ and e-mail-like text', () => {
    expect(mentionedIds('@nobody @ mail@example.com 无人', members)).toEqual([]);
  });
  it('mentions every member sharing the name', () => {
    expect(mentionedIds('@王磊', [...members, { value: 'u5', label: '王磊' }])).toEqual(['u1', 'u5']);
  });
});
