"use client";
// Keyboard shortcuts (tinykeys) on the window while the editor is open; typing in a field wins.
import { useEffect } from "react";
import { tinykeys } from "tinykeys";
import type { EditorActions } from "./actions";
import { FRAME_US, US } from "./time";

export const SHORTCUTS: { keys: string; id: string }[] = [
  { keys: "Space", id: "play" },
  { keys: "S", id: "split" },
  { keys: "Delete / Backspace", id: "delete" },
  { keys: "← →", id: "nudgeFrame" },
  { keys: "Shift + ← →", id: "nudgeSecond" },
  { keys: "Ctrl/⌘ + Z", id: "undo" },
  { keys: "Ctrl/⌘ + Shift + Z", id: "redo" },
  { keys: "Ctrl/⌘ + D", id: "duplicate" },
  { keys: "Ctrl/⌘ + A", id: "selectAll" },
  { keys: "L", id: "loop" },
  { keys: "+ / −", id: "zoom" },
  { keys: "F", id: "fit" },
  { keys: "Home", id: "toStart" },
  { keys: "Shift + click, drag on empty lane", id: "multiSelect" },
  { keys: "Alt (while dragging)", id: "snapBypass" },
  { keys: "Shift + drag on ruler", id: "loopDrag" },
  { keys: "Ctrl + wheel / pinch", id: "zoomWheel" },
  { keys: "?", id: "help" },
];

const typing = (e: KeyboardEvent) => {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
};

export function useShortcuts(a: EditorActions, toggleHelp: () => void) {
  useEffect(() => {
    const guard =
      (fn: () => void, allowOnButtons = true) =>
      (e: KeyboardEvent) => {
        if (typing(e)) return;
        // Space/Enter on a focused button is the button's own click.
        if (!allowOnButtons && (e.target as HTMLElement).tagName === "BUTTON") return;
        e.preventDefault();
        fn();
      };
    return tinykeys(window, {
      Space: guard(a.togglePlay, false),
      s: guard(a.split),
      "Shift+S": guard(a.split),
      Delete: guard(a.remove),
      Backspace: guard(a.remove),
      ArrowLeft: guard(() => a.nudge(-FRAME_US)),
      ArrowRight: guard(() => a.nudge(FRAME_US)),
      "Shift+ArrowLeft": guard(() => a.nudge(-US)),
      "Shift+ArrowRight": guard(() => a.nudge(US)),
      "$mod+z": guard(a.undo),
      "$mod+Shift+z": guard(a.redo),
      "$mod+Shift+Z": guard(a.redo),
      "$mod+y": guard(a.redo),
      "$mod+d": guard(a.duplicate),
      "$mod+a": guard(a.selectAll),
      l: guard(a.toggleLoop),
      "=": guard(a.zoomIn),
      "Shift+=": guard(a.zoomIn),
      "+": guard(a.zoomIn),
      "-": guard(a.zoomOut),
      f: guard(a.fit),
      Home: guard(a.toStart),
      Escape: guard(a.clearSelection),
      "Shift+?": guard(toggleHelp),
      "?": guard(toggleHelp),
    });
  }, [a, toggleHelp]);
}
