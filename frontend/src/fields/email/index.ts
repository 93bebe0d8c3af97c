import type { FieldTypeDef } from '../types';

/** email: An e-mail address. */
export const emailType: FieldTypeDef = {
  type: 'email',
  textual: true,
  plainDefault: true,
  simulated: true,
  palette: 10,
  defaultProperty: (meta) => ({ type: 'string', format: 'email', 'x-formloom': meta }),
};
