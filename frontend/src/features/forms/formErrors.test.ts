import { describe, expect, it } from 'vitest';
import { mapFieldErrors, pointerToPath } from './formErrors';

describe('pointerToPath', () => {
  it('splits JSON pointers and unescapes ~1 and ~0', () => {
    expect(pointerToPath('/name')).toEqual(['name']);
    expect(pointerToPath('/departments/0')).toEqual(['departments', 0]);
    expect(pointerToPath('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(pointerToPath('/007')).toEqual(['007']);
    expect(pointerToPath('')).toEqual([]);
  });
});

describe('mapFieldErrors', () => {
  it('puts each message on the deepest known field containing the pointer', () => {
    const got = mapFieldErrors(
      {
        '/email': { code: 'format', message: 'bad email' },
        '/departments/1': { code: 'not_found', message: 'no such department' },
        '/departments/2': { code: 'not_found', message: 'no such department either' },
        '/secret': { code: 'unknown_field', message: 'unknown field secret' },
      },
      ['email', 'name', 'departments'],
    );
    expect(got.fields).toEqual([
      { name: ['email'], errors: ['bad email'] },
      { name: ['departments'], errors: ['no such department', 'no such department either'] },
    ]);
    expect(got.unmatched).toEqual(['unknown field secret']);
  });

  it('supports nested field paths', () => {
    const got = mapFieldErrors({ '/address/city': { code: 'required', message: 'city?' } }, [['address', 'city'], 'address']);
    expect(got.fields).toEqual([{ name: ['address', 'city'], errors: ['city?'] }]);
  });
});
