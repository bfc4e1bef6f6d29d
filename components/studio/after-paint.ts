// Work that should not hold up the first frame: run it just after the browser has painted (an
// animation frame, then a task), so opening a project shows the timeline's boxes first and the
// waveforms, media bin and inspector fill in over the next frames.
import { useEffect, useState } from "react";

/** Runs `fn` after the next paint; the returned function cancels it if it has not run yet. */
export function afterPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const raf = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(raf);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** False on the first render, true once the component's first frame has been painted. */
export function usePainted(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => afterPaint(() => setPainted(true)), []);
  return painted;
}
