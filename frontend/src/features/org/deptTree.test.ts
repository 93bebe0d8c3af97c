import { describe, expect, it } from 'vitest';
import type { Department } from '../../shared/api/types';
import { buildDeptTree, deptPath, descendantIds, type DeptNode } from './deptTree';

const d = (id: string, parent = '', name = id): Department => ({ id, name, parent, head: '' });

/** shape renders a forest as nested [id, children] for readable expectations. */
const shape = (nodes: DeptNode[]): unknown[] => nodes.map((n) => (n.children.length ? [n.dept.id, shape(n.children)] : n.dept.id));

describe('buildDeptTree', () => {
  it('nests children under parents in list order, whatever order they come in', () => {
    const list = [d('east', 'sales'), d('sales'), d('hr'), d('west', 'sales'), d('shanghai', 'east')];
    expect(shape(buildDeptTree(list))).toEqual([['sales', [['east', ['shanghai']], 'west']], 'hr']);
    const depths = buildDeptTree(list)[0]!.children[0]!.children[0]!.depth;
    expect(depths).toBe(2);
  });

  it('keeps a department whose parent is missing, as a root', () => {
    expect(shape(buildDeptTree([d('a', 'gone'), d('b')]))).toEqual(['a', 'b']);
  });

  it('breaks parent cycles instead of looping', () => {
    const list = [d('a', 'b'), d('b', 'a'), d('c', 'a'), d('self', 'self')];
    expect(shape(buildDeptTree(list))).toEqual([['a', ['c']], 'b', 'self']);
  });

  it('returns an empty forest for no departments', () => {
    expect(buildDeptTree([])).toEqual([]);
  });
});

describe('descendantIds and deptPath', () => {
  const list = [d('sales', '', '销售部'), d('east', 'sales', '华东区'), d('sh', 'east', '上海'), d('hr', '', '人事部')];

  it('lists a department and everything below it', () => {
    expect([...descendantIds(list, 'sales')].sort()).toEqual(['east', 'sales', 'sh']);
    expect([...descendantIds(list, 'hr')]).toEqual(['hr']);
  });

  it('names the full path', () => {
    expect(deptPath(list, 'sh')).toBe('销售部 / 华东区 / 上海');
    expect(deptPath(list, 'missing')).toBe('');
  });
});
