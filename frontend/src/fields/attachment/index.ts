import type { FieldTypeDef } from '../types';

/** attachment: Uploaded files (file IDs). */
export const attachmentType: FieldTypeDef = {
  type: 'attachment',
  files: true,
  list: true,
  notCompared: true,
  palette: 14,
  widget: 'AttachmentWidget',
  filter: 'none',
  defaultProperty: (meta) => ({ type: 'array', items: { type: 'string' }, 'x-formloom': meta }),
};
