import { describe, expect, it } from 'vitest';
import { landingPath } from './landing';

const lister = (ids: string[] | Error) => ({
  workspaces: () => (ids instanceof Error ? Promise.reject(ids) : Promise.resolve(ids.map((id) => ({ id })))),
});

describe('landingPath', () => {
  it('opens the only workspace of a person in one', async () => {
    expect(await landingPath('/', lister(['w 1']))).toBe('/w/w%201/apps');
  });

  it('shows the list to a person in none or several', async () => {
    expect(await landingPath('/', lister([]))).toBe('/');
    expect(await landingPath('/', lister(['a', 'b']))).toBe('/');
  });

  it('returns to the page that asked for the sign-in, without reading the list', async () => {
    expect(await landingPath('/w/a/inbox', lister(new Error('not called')))).toBe('/w/a/inbox');
  });

  it('falls back to the list when it cannot be read', async () => {
    expect(await landingPath('/', lister(new Error('offline')))).toBe('/');
  });
});
