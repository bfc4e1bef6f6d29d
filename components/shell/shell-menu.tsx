"use client";
// The shell's one piece of state: on a phone the sidebar is a menu that the header's button opens,
// and any link followed inside it closes it. The sidebar's content is rendered on the server.
import { type MouseEvent, type ReactNode, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";

type Labels = { menu: string; closeMenu: string; sidebar: string };

export function ShellMenu({ brand, labels, children }: { brand: ReactNode; labels: Labels; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  // Clicks bubble up from the links inside (nav, account, new team); keyboard activation of a link
  // is a click too, so this covers both.
  const onClick = (e: MouseEvent<HTMLElement>) => {
    if ((e.target as Element).closest("a[href]")) setOpen(false);
  };
  return (
    <>
      <header className="sticky top-0 z-20 flex items-center justify-between border-b border-zinc-200 bg-white px-4 py-3 lg:hidden">
        {brand}
        <button
          type="button"
          className={buttonClass("secondary", "sm")}
          aria-expanded={open}
          aria-controls="sidebar"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? labels.closeMenu : labels.menu}
        </button>
      </header>
      <aside
        id="sidebar"
        aria-label={labels.sidebar}
        onClick={onClick}
        className={cx(
          "flex-col gap-6 border-zinc-200 bg-white px-4 py-5 lg:sticky lg:top-0 lg:flex lg:h-screen lg:w-64 lg:shrink-0 lg:border-r",
          open ? "flex border-b" : "hidden",
        )}
      >
        {children}
      </aside>
    </>
  );
}
