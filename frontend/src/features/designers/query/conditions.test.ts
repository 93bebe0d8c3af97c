import { describe, expect, it } from 'vitest';
import { fromExpression, fromFilter, toExpression, toFilter, type CondGroup, type ValueKind } from './conditions';

const kinds: Record<string, ValueKind> = { amount: 'number', type: 'string', signed: 'bool', owner: 'string', deadline: 'date', status: 'string', notes: 'string' };
const kindOf = (f: string) => kinds[f] ?? 'string';

describe('query-language filters', () => {
  it('compiles rules with typed values, lists and parameters, and reads them back', () => {
    const g: CondGroup = {
      combinator: 'and',
      rules: [
        { field: 'amount', operator: 'gt', value: '1000' },
        { field: 'type', operator: 'in', value: 'sales, purchase' },
        { combinator: 'or', rules: [{ field: 'owner', operator: 'eq', value: '@currentUser' }, { field: 'signed', operator: 'eq', value: 'true' }] },
      ],
    };
    const f = toFilter(g, kindOf);
    expect(f).toEqual({
      and: [
        { field: 'amount', op: 'gt', value: 1000 },
        { field: 'type', op: 'in', value: ['sales', 'purchase'] },
        { or: [{ field: 'owner', op: 'eq', param: 'currentUser' }, { field: 'signed', op: 'eq', value: true }] },
      ],
    });
    expect(toFilter(fromFilter(f), kindOf)).toEqual(f);
  });

  it('gives no filter for an empty builder and a single rule unwrapped', () => {
    expect(toFilter({ combinator: 'and', rules: [] }, kindOf)).toBeUndefined();
    expect(toFilter({ combinator: 'and', rules: [{ field: 'amount', operator: 'lt', value: 5 }] }, kindOf)).toEqual({ field: 'amount', op: 'lt', value: 5 });
    expect(toFilter({ combinator: 'and', not: true, rules: [{ field: 'type', operator: 'eq', value: 'x' }] }, kindOf)).toEqual({
      not: { field: 'type', op: 'eq', value: 'x' },
    });
    expect(fromFilter({})).toEqual({ combinator: 'and', rules: [] });
  });
});

describe('formula-language conditions', () => {
  it('compiles to an expression and reads what it wrote back', () => {
    const g: CondGroup = {
      combinator: 'and',
      rules: [
        { field: 'amount', operator: 'gte', value: '50000' },
        { field: 'type', operator: 'in', value: 'sales, "q"' },
        { field: 'signed', operator: 'exists', value: true },
      ],
    };
    const e = toExpression(g, kindOf);
    expect(e).toBe('amount >= 50000 && type in ["sales", "\\"q\\""] && signed != nil');
    expect(toExpression(fromExpression(e)!, kindOf)).toBe(e);
  });

  it('leaves expressions it did not write to the text editor', () => {
    expect(fromExpression('amount > 1 && (type == "a" || type == "b")')).toBeUndefined();
    expect(fromExpression('')).toEqual({ combinator: 'and', rules: [] });
    expect(fromExpression('status == "approved"')).toEqual({ combinator: 'and', rules: [{ field: 'status', operator: 'eq', value: 'approved' }] });
  });

  it('tests a blank text or date against "" (the server reads a blank as ""), anything else against nil', () => {
    const g: CondGroup = {
      combinator: 'and',
      rules: [
        { field: 'notes', operator: 'exists', value: true },
        { field: 'deadline', operator: 'exists', value: false },
        { field: 'amount', operator: 'exists', value: true },
      ],
    };
    expect(toExpression(g, kindOf)).toBe('notes != "" && deadline == "" && amount != nil');
    expect(fromExpression('notes != "" && deadline == "" && amount != nil')!.rules).toEqual(g.rules);
  });

  it('compares a date with today or now as the clock reads them when the automation runs', () => {
    // The meeting-minutes starter's daily reminder, read into the builder and written back unchanged.
    const starter = 'status in ["todo", "doing"] && deadline != "" && deadline < TODAY()';
    const g = fromExpression(starter)!;
    expect(g.rules).toEqual([
      { field: 'status', operator: 'in', value: 'todo, doing' },
      { field: 'deadline', operator: 'exists', value: true },
      { field: 'deadline', operator: 'lt', value: '@today' },
    ]);
    expect(toExpression(g, kindOf)).toBe(starter);
    expect(toExpression({ combinator: 'and', rules: [{ field: 'deadline', operator: 'gte', value: '@now' }] }, kindOf)).toBe('deadline >= NOW()');
    // A text that happens to read "@today" stays a text.
    expect(toExpression({ combinator: 'and', rules: [{ field: 'notes', operator: 'eq', value: '@today' }] }, kindOf)).toBe('notes == "@today"');
  });
});
