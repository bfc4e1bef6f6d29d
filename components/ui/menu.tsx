"use client";
// A small action menu on the popover API: it renders in the top layer, so a table's scroll
// container cannot clip it, and the browser handles light dismiss, Escape and aria-expanded.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { cx } from "./cx";

export type MenuItem = { label: string; onSelect: () => void; tone?: "danger" };

export function Menu({ label, trigger, items }: { label: string; trigger: ReactNode; items: MenuItem[] }) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    const place = (e: Event) => {
      if ((e as ToggleEvent).newState !== "open" || !button.current) return;
      const rect = button.current.getBoundingClientRect();
      el.style.top = `${rect.bottom + 4}px`;
      el.style.right = `${Math.max(8, window.innerWidth - rect.right)}px`;
    };
    const close = () => el.matches(":popover-open") && el.hidePopover();
    el.addEventListener("beforetoggle", place);
    window.addEventListener("scroll", close, true);
    window.addEventListener("resize", close);
    return () => {
      el.removeEventListener("beforetoggle", place);
      window.removeEventListener("scroll", close, true);
      window.removeEventListener("resize", close);
    };
  }, []);

  return (
    <>
      <button
        ref={button}
        type="button"
        popoverTarget={id}
        aria-label={label}
        className="inline-flex h-8 min-w-8 items-center justify-center rounded-md px-2 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
      >
        {trigger}
      </button>
      <div
        ref={panel}
        id={id}
        popover="auto"
        className="fixed inset-auto m-0 min-w-44 rounded-md border border-zinc-200 bg-white p-1 text-sm shadow-lg"
      >
        <ul aria-label={label}>
          {items.map((item) => (
            <li key={item.label}>
              <button
                type="button"
                onClick={() => {
                  panel.current?.hidePopover();
                  item.onSelect();
                }}
                className={cx(
                  "block w-full rounded px-3 py-1.5 text-left hover:bg-zinc-100",
                  item.tone === "danger" ? "text-red-700" : "text-zinc-800",
                )}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
