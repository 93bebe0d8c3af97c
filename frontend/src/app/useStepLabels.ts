import { useEffect } from 'react';

const UP = 'ant-input-number-handler-up';
const DOWN = 'ant-input-number-handler-down';

/**
 * useStepLabels gives the step arrows of every number input on the page the labels up and
 * down. antd's number input names them "Increase Value" / "Decrease Value" in every language
 * and has no prop or locale entry to change that, and number inputs also come from the
 * generated forms' own widgets, so the labels are set where the arrows appear: once for those
 * already shown, then for each one added.
 */
export function useStepLabels(up: string, down: string) {
  useEffect(() => {
    const label = (root: Element) => {
      for (const el of root.getElementsByClassName(UP)) el.setAttribute('aria-label', up);
      for (const el of root.getElementsByClassName(DOWN)) el.setAttribute('aria-label', down);
    };
    label(document.body);
    const watch = new MutationObserver((changes) => {
      for (const c of changes) {
        for (const n of c.addedNodes) {
          if (!(n instanceof Element)) continue;
          if (n.classList.contains(UP)) n.setAttribute('aria-label', up);
          else if (n.classList.contains(DOWN)) n.setAttribute('aria-label', down);
          else label(n);
        }
      }
    });
    watch.observe(document.body, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, [up, down]);
}
