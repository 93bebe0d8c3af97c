// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { announceWork, useLiveTick } from './useLiveTick';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let visibility: DocumentVisibilityState = 'visible';
beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function mount(period: number): () => number {
  let seen = -1;
  function Probe() {
    seen = useLiveTick(period);
    return null;
  }
  root = createRoot(document.createElement('div'));
  act(() => root!.render(<Probe />));
  return () => seen;
}

describe('useLiveTick', () => {
  it('counts each period while the page is visible, and not while it is hidden', () => {
    const tick = mount(60_000);
    expect(tick()).toBe(0);
    act(() => vi.advanceTimersByTime(60_000));
    expect(tick()).toBe(1);
    visibility = 'hidden';
    act(() => vi.advanceTimersByTime(180_000));
    expect(tick()).toBe(1);
  });

  it('counts once when the person comes back to the tab, though focus and visibility both fire', () => {
    const tick = mount(60_000);
    act(() => vi.advanceTimersByTime(10_000));
    visibility = 'hidden';
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    expect(tick()).toBe(0);
    act(() => vi.advanceTimersByTime(5_000));
    visibility = 'visible';
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
      window.dispatchEvent(new Event('focus'));
    });
    expect(tick()).toBe(1);
  });

  it('counts the member’s own work at once, however recent the last count', () => {
    const tick = mount(60_000);
    act(() => announceWork());
    act(() => announceWork());
    expect(tick()).toBe(2);
  });

  it('stops counting once the page is gone', () => {
    const tick = mount(1_000);
    act(() => root!.unmount());
    root = undefined;
    vi.advanceTimersByTime(5_000);
    expect(tick()).toBe(0);
  });
});
