import { describe, expect, it } from 'vitest';
import type { InboxItem } from '../../shared/api/types';
import { closesTask, nextTodo, othersLeft } from './nextTodo';

const item = (id: string, record: string) => ({ id, record, app: 'a1', form: 'contract', box: 'todo', node: 'legal' }) as unknown as InboxItem;

describe('the next to-do', () => {
  it('follows the actions that end her to-do, not a comment, a CC or 加签', () => {
    expect(['approve', 'complete', 'reject', 'return', 'transfer'].every((a) => closesTask(a as never))).toBe(true);
    expect(['comment', 'cc', 'addApprover', 'urge', 'submit', 'withdraw'].some((a) => closesTask(a as never))).toBe(false);
  });

  it('is the first to-do in the inbox order that waits on another record', () => {
    const items = [item('t1', 'r1'), item('t2', 'r2'), item('t3', 'r3')];
    expect(nextTodo(items, 'r1')?.id).toBe('t2');
    expect(nextTodo(items, 'r9')?.id).toBe('t1');
    expect(nextTodo([item('t1', 'r1')], 'r1')).toBeUndefined();
  });

  it('counts the to-dos left on other records', () => {
    const items = [item('t1', 'r1'), item('t2', 'r1'), item('t3', 'r3')];
    expect(othersLeft(5, items, 'r1')).toBe(3);
    expect(othersLeft(1, items, 'r1')).toBe(0);
    expect(othersLeft(4, items, 'r9')).toBe(4);
  });
});
