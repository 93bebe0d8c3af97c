/** How the record page shows a file: images as thumbnails, PDFs opened in the browser's viewer, the rest downloaded. */
export type FileKind = 'image' | 'pdf' | 'other';

const IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

/** fileKind follows the types the server serves inline (server/api/file_handlers.go); SVG downloads. */
export function fileKind(contentType: string): FileKind {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  if (IMAGES.has(t)) return 'image';
  if (t === 'application/pdf') return 'pdf';
  return 'other';
}

/** fileSize writes a size the way file managers do: 812 B, 48.2 KB, 3.1 MB. */
export function fileSize(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const n = new Intl.NumberFormat(language, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
  return `${n} ${units[i]}`;
}

/** An attachment field's limits, from its x-formloom (maxCount, maxSize in bytes). */
export interface FileLimits {
  maxCount?: number;
  maxSize?: number;
}

/** Why a file picked for an attachment field is not sent: too large, or one too many. */
export type FileRefusal = { reason: 'tooLarge'; limit: number } | { reason: 'tooMany'; limit: number };

/**
 * fileRefusal checks a picked file against the field's limits before it is uploaded, held
 * being how many files the field holds or is uploading: the server refuses the same (413 and
 * maxItems), but a phone on a slow network should not send 30 MB to learn it.
 */
export function fileRefusal(size: number, limits: FileLimits, held: number): FileRefusal | undefined {
  if (limits.maxCount !== undefined && held >= limits.maxCount) return { reason: 'tooMany', limit: limits.maxCount };
  if (limits.maxSize !== undefined && size > limits.maxSize) return { reason: 'tooLarge', limit: limits.maxSize };
  return undefined;
}

/** acceptAttribute is the file input's accept list for a field's accepted media types (image/* lets a phone offer its camera). */
export function acceptAttribute(accept: readonly string[] | undefined): string | undefined {
  return accept && accept.length > 0 ? accept.join(',') : undefined;
}

/**
 * inPickOrder adds a file just stored to a field's list where it was picked: files picked
 * together upload side by side and finish in any order, but are listed as they were chosen.
 * pickedAt numbers the files picked here (the list's other files came before any of them).
 */
export function inPickOrder(list: readonly string[], id: string, pickedAt: ReadonlyMap<string, number>): string[] {
  const mine = pickedAt.get(id) ?? Number.MAX_SAFE_INTEGER;
  const at = list.findIndex((x) => (pickedAt.get(x) ?? -1) > mine);
  return at < 0 ? [...list, id] : [...list.slice(0, at), id, ...list.slice(at)];
}
