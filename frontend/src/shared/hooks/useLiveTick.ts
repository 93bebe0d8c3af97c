import { useEffect, useState } from 'react';

/** LIVE_PERIOD_MS is how often a visible page asks again for what others change: new to-dos, notifications. */
export const LIVE_PERIOD_MS = 60_000;

/** Focus and visibility fire together when a person comes back to the tab: one ask is enough. */
const SETTLE_MS = 2_000;

/** The window event announceWork sends. */
const WORK_EVENT = 'formloom:work';

/**
 * announceWork tells every live count on the page that the member just changed what they
 * count (she approved a to-do, read a notification): the header's 待办中心 count and the bell
 * ask again at once instead of at the next minute.
 */
export function announceWork(): void {
  window.dispatchEvent(new Event(WORK_EVENT));
}

/**
 * useLiveTick counts the moments a page should ask the server again for what other people
 * change (a to-do that arrives, a notification): every period while the page is visible,
 * and when the person comes back to it (the tab shown again, the window focused). A hidden
 * tab asks nothing. The member's own work counts at once (announceWork). Put the count in a
 * load's deps to keep its answer fresh.
 */
export function useLiveTick(periodMs: number = LIVE_PERIOD_MS): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let last = Date.now();
    const bump = () => {
      if (document.visibilityState !== 'visible' || Date.now() - last < SETTLE_MS) return;
      last = Date.now();
      setTick((n) => n + 1);
    };
    const worked = () => {
      last = Date.now();
      setTick((n) => n + 1);
    };
    const timer = window.setInterval(bump, periodMs);
    document.addEventListener('visibilitychange', bump);
    window.addEventListener('focus', bump);
    window.addEventListener(WORK_EVENT, worked);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', bump);
      window.removeEventListener('focus', bump);
      window.removeEventListener(WORK_EVENT, worked);
    };
  }, [periodMs]);
  return tick;
}
