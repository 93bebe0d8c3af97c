import type { FieldTypeDef } from '../types';

/** member: A workspace member (user ID), or several. */
export const memberType: FieldTypeDef = {
  type: 'member',
  simulated: true,
  palette: 12,
  people: 'members',
  filter: 'member',
  currentDefault: 'currentUser',
  defaultProperty: (meta) => ({ type: 'string', 'x-formloom': meta }),
};
