// Main-thread work per frame from a Chromium performance trace (CDP Tracing), for the Studio bench.
// A frame is the interval between two BeginMainThreadFrame events on the page's renderer main
// thread; its work is the summed duration of the top-level tasks (RunTask / ThreadControllerImpl::
// RunTask) that start in it. rAF intervals would only show the 60 Hz vsync (16.7 ms) whatever the
// page does; this shows how much of each frame the main thread was busy.
import fs from "node:fs";
import path from "node:path";
import type { CDPSession } from "@playwright/test";

type TraceEvent = {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs. */
  tdur?: number;
  args?: { name?: string; data?: { frames?: { processId?: number; url?: string }[] } };
};

const CATEGORIES = [
  "toplevel",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "blink.user_timing",
].join(",");

export async function startTrace(cdp: CDPSession, dumpTo?: string) {
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (e) => {
    for (const ev of e.value) events.push(ev as unknown as TraceEvent);
  });
  await cdp.send("Tracing.start", { categories: CATEGORIES, transferMode: "ReportEvents" });
  const end = async () => {
    const done = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
    await cdp.send("Tracing.end");
    await done;
    if (dumpTo) {
      fs.mkdirSync(path.dirname(dumpTo), { recursive: true });
      fs.writeFileSync(dumpTo, JSON.stringify({ traceEvents: events }));
    }
  };
  return {
    frames: async (urlPart: string) => {
      await end();
      return frameWork(events, urlPart);
    },
    between: async (urlPart: string, from: string, to: string) => {
      await end();
      return workBetween(events, urlPart, from, to);
    },
  };
}

const isTask = (e: TraceEvent) =>
  e.ph === "X" && (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") && (e.dur ?? 0) > 0;

function mainThread(events: TraceEvent[], urlPart: string) {
  const mains = events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  // The page's renderer: named by TracingStartedInBrowser; else the main thread with the most frames.
  const pids = new Set<number>();
  for (const e of events)
    if (e.name === "TracingStartedInBrowser")
      for (const f of e.args?.data?.frames ?? []) if (f.url?.includes(urlPart) && f.processId) pids.add(f.processId);
  const frameCount = (pid: number, tid: number) =>
    events.filter((e) => e.pid === pid && e.tid === tid && e.name === "BeginMainThreadFrame").length;
  const main =
    mains.find((m) => pids.has(m.pid)) ?? mains.sort((a, b) => frameCount(b.pid, b.tid) - frameCount(a.pid, a.tid))[0];
  if (!main) throw new Error("no renderer main thread in the trace");
  const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  // Nested RunTask events (a task inside a task) are counted once, by their outermost task.
  const tasks = own.filter(isTask).sort((a, b) => a.ts - b.ts);
  const top: TraceEvent[] = [];
  for (const t of tasks) {
    const last = top[top.length - 1];
    if (last && t.ts < last.ts + (last.dur ?? 0)) continue;
    top.push(t);
  }
  return { own, top };
}

/** Main-thread time between two performance.mark()s of the page: busy total and by event kind. */
function workBetween(events: TraceEvent[], urlPart: string, from: string, to: string) {
  const { own, top } = mainThread(events, urlPart);
  const at = (name: string) => events.find((e) => e.name === name && e.cat.includes("user_timing"))?.ts;
  const a = at(from);
  const b = at(to);
  if (a === undefined || b === undefined) return null;
  const clip = (e: TraceEvent) => Math.max(0, Math.min(b, e.ts + (e.dur ?? 0)) - Math.max(a, e.ts));
  const busy = top.reduce((n, t) => n + clip(t), 0) / 1000;
  // CPU time of the tasks in the window (a task cut by the window counts in proportion).
  const cpu = top.reduce((n, t) => n + ((t.tdur ?? 0) * clip(t)) / Math.max(1, t.dur ?? 0), 0) / 1000;
  const kinds = new Map<string, number>();
  for (const e of own)
    if (
      e.ph === "X" &&
      !isTask(e) &&
      [
        "FunctionCall",
        "UpdateLayoutTree",
        "Layout",
        "Paint",
        "Commit",
        "Layerize",
        "PrePaint",
        "EventDispatch",
        "TimerFire",
        "FireAnimationFrame",
        "ParseHTML",
        "EvaluateScript",
        "V8.GC_SCAVENGER",
        "MajorGC",
        "MinorGC",
      ].includes(e.name)
    )
      kinds.set(e.name, (kinds.get(e.name) ?? 0) + clip(e) / 1000);
  const biggest = [...kinds].sort((x, y) => y[1] - x[1]).slice(0, 4);
  return { spanMs: (b - a) / 1000, busyMs: busy, cpuMs: cpu, biggest };
}

export function frameWork(events: TraceEvent[], urlPart: string) {
  const { own, top } = mainThread(events, urlPart);
  const begins = own
    .filter((e) => e.name === "BeginMainThreadFrame")
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  // Wall duration (dur) and the main thread's own CPU time (tdur): on a shared machine the wall
  // time of a task includes the time the thread waited for a core; its CPU time is what a quiet
  // machine would show as wall time (the renderer's main thread does not sleep inside a task).
  const perFrame: number[] = [];
  const perFrameCpu: number[] = [];
  let k = 0;
  for (let i = 0; i + 1 < begins.length; i++) {
    let sum = 0;
    let cpu = 0;
    while (k < top.length && top[k].ts < begins[i]) k++;
    let j = k;
    while (j < top.length && top[j].ts < begins[i + 1]) {
      sum += top[j].dur ?? 0;
      cpu += top[j++].tdur ?? 0;
    }
    perFrame.push(sum / 1000);
    perFrameCpu.push(cpu / 1000);
  }
  const pctOf = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
  };
  const sorted = [...perFrame].sort((a, b) => a - b);
  const pct = (p: number) => pctOf(perFrame, p);
  const longTasks = top.map((t) => (t.dur ?? 0) / 1000).filter((d) => d > 50);
  const longest = top
    .map((t) => (t.dur ?? 0) / 1000)
    .sort((a, b) => b - a)
    .slice(0, 3);
  const cpuOf = top.map((t) => (t.tdur ?? 0) / 1000);
  return {
    frames: perFrame.length,
    p50: pct(0.5),
    p95: pct(0.95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    longTasks,
    longest,
    cpu: {
      p50: pctOf(perFrameCpu, 0.5),
      p95: pctOf(perFrameCpu, 0.95),
      longTasks: cpuOf.filter((d) => d > 50),
      longest: [...cpuOf].sort((a, b) => b - a).slice(0, 3),
    },
    busyMs: top.reduce((a, t) => a + (t.dur ?? 0), 0) / 1000,
    spanMs: begins.length > 1 ? (begins[begins.length - 1] - begins[0]) / 1000 : 0,
  };
}
