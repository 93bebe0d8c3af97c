import { describe, expect, it } from 'vitest';
import { acceptAttribute, fileKind, fileRefusal, fileSize, inPickOrder } from './files';

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
  it('refuse a file past the size or count of its field before sending it', () => {
    const limits = { maxCount: 2, maxSize: 1024 };
    expect(fileRefusal(1024, limits, 1)).toBeUndefined();
    expect(fileRefusal(1025, limits, 0)).toEqual({ reason: 'tooLarge', limit: 1024 });
    expect(fileRefusal(10, limits, 2)).toEqual({ reason: 'tooMany', limit: 2 });
    expect(fileRefusal(10 ** 9, {}, 50)).toBeUndefined();
  });
  it('offer the types the field accepts to the file picker', () => {
    expect(acceptAttribute(['image/*', 'application/pdf'])).toBe('image/*,application/pdf');
    expect(acceptAttribute([])).toBeUndefined();
    expect(acceptAttribute(undefined)).toBeUndefined();
  });
  it('list files picked together in the order they were picked, whatever order they finish in', () => {
    const picked = new Map([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    let list = ['old'];
    for (const id of ['c', 'a', 'b']) list = inPickOrder(list, id, picked);
    expect(list).toEqual(['old', 'a', 'b', 'c']);
  });
});
