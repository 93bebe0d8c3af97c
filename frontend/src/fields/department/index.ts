import type { FieldTypeDef } from '../types';

/** department: A department (ID), or several. */
export const departmentType: FieldTypeDef = {
  type: 'department',
  simulated: true,
  palette: 13,
  people: 'departments',
  filter: 'department',
  currentDefault: 'currentDepartment',
  defaultProperty: (meta) => ({ type: 'string', 'x-formloom': meta }),
};
