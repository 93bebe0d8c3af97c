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
