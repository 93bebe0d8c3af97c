import { describe, expect, it } from 'vitest';
import { fileKind, fileSize } from './files';

describe('record files', () => {
  it('preview raster images and PDFs, download the rest (SVG too)', () => {
    expect(fileKind('image/png')).toBe('image');
    expect(fileKind('application/pdf')).toBe('pdf');
    expect(fileKind('image/svg+xml')).toBe('other');
    expect(fileKind('text/plain; charset=utf-8')).toBe('other');
  });
  it('write sizes in bytes, KB and MB', () => {
    expect(fileSize(812, 'en')).toBe('812 B');
    expect(fileSize(49357, 'en')).toBe('48.2 KB');
    expect(fileSize(3 * 1024 * 1024, 'en')).toBe('3 MB');
  });
});
