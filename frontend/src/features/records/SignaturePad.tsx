import { forwardRef, useImperativeHandle, useRef } from 'react';

/** What the dialog asks of the pad: its drawing as a PNG, and a fresh start. */
export interface SignaturePadHandle {
  toPng: () => Promise<Blob | null>;
  clear: () => void;
}

/**
 * SignaturePad is a canvas a finger, pen or mouse signs on. It draws at the screen's pixel
 * density so that the PNG stays sharp, and takes every touch for itself (touch-action: none)
 * so that signing on a phone does not scroll the page. onInk says whether anything is drawn.
 */
export const SignaturePad = forwardRef<SignaturePadHandle, { height: number; onInk: (inked: boolean) => void }>(function SignaturePad({ height, onInk }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  const inked = useRef(false);

  // The canvas takes its size when signing starts, not when it mounts: a dialog lays its
  // body out after its first render (the pad is 0 px wide then). Once inked it keeps its
  // size, since resizing a canvas wipes it.
  const fit = (c: HTMLCanvasElement) => {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(c.clientWidth * ratio);
    if (inked.current || (c.width === width && c.height === Math.round(height * ratio))) return;
    c.width = width;
    c.height = Math.round(height * ratio);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#1f1f1f';
  };

  useImperativeHandle(ref, () => ({
    toPng: () => new Promise((resolve) => (canvas.current ? canvas.current.toBlob(resolve, 'image/png') : resolve(null))),
    clear: () => {
      const c = canvas.current;
      c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
      inked.current = false;
      onInk(false);
    },
  }));

  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };

  return (
    <canvas
      ref={canvas}
      data-testid="signature-pad"
      style={{ width: '100%', height, touchAction: 'none', border: '1px dashed #bfbfbf', borderRadius: 6, background: '#fff', cursor: 'crosshair', display: 'block' }}
      onPointerDown={(e) => {
        fit(e.currentTarget);
        const ctx = e.currentTarget.getContext('2d');
        if (!ctx) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        drawing.current = true;
        const p = at(e);
        ctx.beginPath();
        ctx.moveTo(p.x, p.y);
        // A tap leaves a dot, as a pen would.
        ctx.lineTo(p.x + 0.1, p.y + 0.1);
        ctx.stroke();
        inked.current = true;
        onInk(true);
      }}
      onPointerMove={(e) => {
        if (!drawing.current) return;
        const ctx = e.currentTarget.getContext('2d');
        const p = at(e);
        ctx?.lineTo(p.x, p.y);
        ctx?.stroke();
      }}
      onPointerUp={() => {
        drawing.current = false;
      }}
      onPointerCancel={() => {
        drawing.current = false;
      }}
    />
  );
});
