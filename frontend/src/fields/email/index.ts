import type { FieldTypeDef } from '../types';

/** email: An e-mail address. */
export const emailType: FieldTypeDef = {
  type: 'email',
  palette: 10,
  defaultProperty: (meta) => ({ type: 'string', format: 'email', 'x-formloom': meta }),
};
