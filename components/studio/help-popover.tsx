"use client";
// The keyboard shortcuts, in a popover (top layer, light dismiss and Escape from the browser).
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef } from "react";
import { buttonClass } from "@/components/ui/button";
import { SHORTCUTS } from "./use-shortcuts";

export function HelpPopover({ toggleRef }: { toggleRef: { current: (() => void) | null } }) {
  const t = useTranslations("studio");
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    toggleRef.current = () => panel.current?.togglePopover();
    return () => {
      toggleRef.current = null;
    };
  }, [toggleRef]);
  return (
    <>
      <button
        type="button"
        popoverTarget={id}
        className={buttonClass("ghost", "sm")}
        aria-label={t("shortcuts")}
        title={t("shortcuts")}
      >
        ?
      </button>
      <div
        ref={panel}
        id={id}
        popover="auto"
        role="dialog"
        aria-label={t("shortcuts")}
        className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-xl border border-zinc-200 bg-white p-4 text-sm shadow-xl"
      >
        <h2 className="mb-2 font-semibold text-zinc-900">{t("shortcuts")}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          {SHORTCUTS.map((s) => (
            <div key={s.id} className="contents">
              <dt>
                <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 font-mono text-xs">{s.keys}</kbd>
              </dt>
              <dd className="text-zinc-700">{t(`keys.${s.id}` as never)}</dd>
            </div>
          ))}
        </dl>
      </div>
    </>
  );
}
