import type { FieldTypeDef } from '../types';

/** money: An amount of money (two decimals unless set). */
export const moneyType: FieldTypeDef = {
  type: 'money',
  plainDefault: true,
  sample: () => 1,
  palette: 3,
  numeric: true,
  defaultProperty: (meta) => ({ type: 'number', 'x-formloom': meta }),
};
