import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { Department } from '../../shared/api/types';
import { buildDeptTree, type DeptNode } from './deptTree';

interface Option {
  title: string;
  value: string;
  disabled?: boolean;
  children?: Option[];
}

function toOptions(nodes: DeptNode[], disabled: ReadonlySet<string>): Option[] {
  return nodes.map((n) => ({
    title: n.dept.name,
    value: n.dept.id,
    disabled: disabled.has(n.dept.id),
    children: n.children.length > 0 ? toOptions(n.children, disabled) : undefined,
  }));
}

interface Props {
  departments: readonly Department[];
  multiple?: boolean;
  /** Departments that cannot be picked (a department itself and those below it, as parent). */
  disabledIds?: ReadonlySet<string>;
  placeholder?: string;
  value?: string | string[];
  onChange?: (v: string | string[] | undefined) => void;
  id?: string;
}

/** DepartmentSelect picks one or several departments from the workspace's tree. */
export function DepartmentSelect({ departments, multiple, disabledIds, placeholder, value, onChange, id }: Props) {
  const treeData = useMemo(
    () => toOptions(buildDeptTree(departments), disabledIds ?? new Set()),
    [departments, disabledIds],
  );
  return (
    <TreeSelect
      id={id}
      treeData={treeData}
      value={value === '' ? undefined : value}
      onChange={(v: string | string[] | undefined) => onChange?.(v)}
      multiple={multiple}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      placeholder={placeholder}
      style={{ width: '100%' }}
    />
  );
}
