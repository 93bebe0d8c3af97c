import type { JsonObject } from '../../features/designers/form/designer';
import { metaOf } from '../settings/schema';

/** The kinds of file a designer may limit an attachment field to, as media ranges the server sniffs. */
export const FILE_KINDS = { image: 'image/*', pdf: 'application/pdf' } as const;
export type FileKindChoice = keyof typeof FILE_KINDS;

const MB = 1024 * 1024;

/** What the attachment panel shows: how many files, how large each (MB), which kinds (none: any). */
export interface AttachmentLimits {
  maxCount?: number;
  maxSizeMB?: number;
  kinds: FileKindChoice[];
  /** accept patterns the kinds cannot show (written by hand): kept as they are. */
  other: string[];
}

/** attachmentLimits reads an attachment field's limits from its property. */
export function attachmentLimits(prop: JsonObject): AttachmentLimits {
  const meta = metaOf(prop);
  const accept = Array.isArray(meta.accept) ? meta.accept.filter((a): a is string => typeof a === 'string') : [];
  const kinds = (Object.keys(FILE_KINDS) as FileKindChoice[]).filter((k) => accept.includes(FILE_KINDS[k]));
  return {
    maxCount: typeof meta.maxCount === 'number' ? meta.maxCount : undefined,
    maxSizeMB: typeof meta.maxSize === 'number' ? Math.round((meta.maxSize / MB) * 100) / 100 : undefined,
    kinds,
    other: accept.filter((a) => !Object.values(FILE_KINDS).includes(a as (typeof FILE_KINDS)[FileKindChoice])),
  };
}

/**
 * withAttachmentLimits writes the limits into the property: maxCount (and the schema's
 * maxItems with it, which the server requires to agree), maxSize in bytes, and accept; an
 * empty limit is removed, so that the field takes any number, size or kind.
 */
export function withAttachmentLimits(prop: JsonObject, l: AttachmentLimits): JsonObject {
  const meta: JsonObject = { ...metaOf(prop) };
  const out: JsonObject = { ...prop };
  if (l.maxCount !== undefined && l.maxCount >= 1) {
    meta.maxCount = Math.floor(l.maxCount);
    out.maxItems = Math.floor(l.maxCount);
  } else {
    delete meta.maxCount;
    delete out.maxItems;
  }
  if (l.maxSizeMB !== undefined && l.maxSizeMB > 0) meta.maxSize = Math.round(l.maxSizeMB * MB);
  else delete meta.maxSize;
  const accept = [...l.kinds.map((k) => FILE_KINDS[k]), ...l.other];
  if (accept.length > 0) meta.accept = accept;
  else delete meta.accept;
  out['x-formloom'] = meta;
  return out;
}
