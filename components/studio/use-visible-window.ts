"use client";
import { type RefObject, useEffect, useState } from "react";

export type VisibleWindow = { left: number; width: number };

/**
 * The scroll container's visible window (scrollLeft and width in px), read at most once per frame
 * on scroll and resize, so rows render only what can be seen. Not a layout effect: the viewport is
 * a parent's element, whose ref React attaches only after this component's layout effects.
 */
export function useVisibleWindow(viewport: RefObject<HTMLElement | null>): VisibleWindow {
  const [view, setView] = useState<VisibleWindow>({ left: 0, width: 1200 });
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    let raf = 0;
    const read = () => {
      raf = 0;
      setView((v) =>
        v.left === el.scrollLeft && v.width === el.clientWidth ? v : { left: el.scrollLeft, width: el.clientWidth },
      );
    };
    const onScroll = () => {
      raf ||= requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      ro.disconnect();
      cancelAnimationFrame(raf);
    };
  }, [viewport]);
  return view;
}
