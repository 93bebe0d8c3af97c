import type { FieldTypeDef } from '../types';

/** relation: A record of another form of the app. */
export const relationType: FieldTypeDef = {
  type: 'relation',
  notCompared: true,
  palette: 16,
  picksRecords: true,
  widget: 'RelationWidget',
  filter: 'none',
  defaultProperty: (meta, ctx) => ({ type: 'string', 'x-formloom': { ...meta, form: ctx.otherForm ?? '' } }),
};
