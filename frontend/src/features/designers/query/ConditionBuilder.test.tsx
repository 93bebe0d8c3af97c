// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '../../../shared/testing/mount';
import { ConditionBuilder } from './ConditionBuilder';
import type { FieldInfo } from './fields';

const fields: FieldInfo[] = [{ key: 'biaoTi', label: '标题', type: 'text', kind: 'string', options: [] }];
const group = (value: unknown) => ({ combinator: 'and' as const, rules: [{ field: 'biaoTi', operator: 'eq', value }] });

describe('a condition without its value', () => {
  it('says it matches nothing until a value is entered', async () => {
    const blank = await mount(<ConditionBuilder fields={fields} value={group('')} onChange={() => undefined} testId="f" />);
    expect(blank.querySelector('[data-testid="condition-missing"]')?.textContent).toBe('请填写值，否则该条件不匹配任何记录');
  });

  it('says nothing once it has one', async () => {
    const filled = await mount(<ConditionBuilder fields={fields} value={group('合同')} onChange={() => undefined} testId="f" />);
    expect(filled.querySelector('[data-testid="condition-missing"]')).toBeNull();
  });
});
