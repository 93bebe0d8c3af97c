// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useAsync, type AsyncState } from './useAsync';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A promise the test answers by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
});

/** mount renders useAsync(load(key)) and records what each render saw. */
function mount(load: (key: string) => Promise<string>) {
  const seen: AsyncState<string>[] = [];
  function Probe({ k }: { k: string }) {
    seen.push(useAsync(() => load(k), [k]));
    return null;
  }
  root = createRoot(document.createElement('div'));
  const show = (k: string) => act(() => root!.render(<Probe k={k} />));
  return { seen, show, last: () => seen[seen.length - 1]! };
}

describe('useAsync', () => {
  it('is loading from the first render until the answer, and again from the render that asks anew', async () => {
    const calls = new Map<string, ReturnType<typeof deferred<string>>>();
    const answer = (k: string, v: string) => calls.get(k)!.resolve(v);
    const { seen, show, last } = mount((k) => {
      const d = deferred<string>();
      calls.set(k, d);
      return d.promise;
    });
    show('a');
    expect(seen[0]!.loading).toBe(true);
    await act(async () => answer('a', 'A'));
    expect(last()).toMatchObject({ data: 'A', loading: false });

    // New deps: the very render with them is loading, the old data stays until the new answer.
    const before = seen.length;
    show('b');
    expect(seen[before]).toMatchObject({ data: 'A', loading: true });
    await act(async () => answer('b', 'B'));
    expect(last()).toMatchObject({ data: 'B', loading: false });

    act(() => last().reload());
    expect(last().loading).toBe(true);
    expect(last().data).toBe('B');
    await act(async () => answer('b', 'B2'));
    expect(last()).toMatchObject({ data: 'B2', loading: false });
  });

  it('drops the answer of a superseded call', async () => {
    const calls = new Map<string, ReturnType<typeof deferred<string>>>();
    const { show, last } = mount((k) => {
      const d = deferred<string>();
      calls.set(k, d);
      return d.promise;
    });
    show('a');
    const a = calls.get('a')!;
    show('b');
    await act(async () => calls.get('b')!.resolve('B'));
    await act(async () => a.resolve('A'));
    expect(last()).toMatchObject({ data: 'B', loading: false });
  });

  it('keeps the data and gives the error when a load fails', async () => {
    let fail = false;
    const { show, last } = mount(async (k) => {
      if (fail) throw new Error('down');
      return k.toUpperCase();
    });
    show('a');
    await act(async () => undefined);
    expect(last()).toMatchObject({ data: 'A', error: undefined, loading: false });
    fail = true;
    await act(async () => last().reload());
    expect(last().data).toBe('A');
    expect((last().error as Error).message).toBe('down');
    expect(last().loading).toBe(false);
  });
});
