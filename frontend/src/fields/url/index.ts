import type { FieldTypeDef } from '../types';

/** url: A web address. */
export const urlType: FieldTypeDef = {
  type: 'url',
  textual: true,
  plainDefault: true,
  simulated: true,
  palette: 11,
  widget: 'UrlWidget',
  link: true,
  defaultProperty: (meta) => ({ type: 'string', format: 'uri', 'x-formloom': meta }),
};
