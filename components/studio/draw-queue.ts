// Waveform canvases are drawn after the clip boxes are on screen: each draw waits for an animation
// frame, and a frame draws only while it has budget left, so opening, zooming or scrolling a busy
// timeline paints the boxes first and fills the waveforms in over the next frames instead of in one
// long task.
const FRAME_BUDGET_MS = 6;
const queue = new Set<() => void>();
let pending = false;

function run() {
  pending = false;
  const end = performance.now() + FRAME_BUDGET_MS;
  for (const draw of queue) {
    queue.delete(draw);
    draw();
    if (performance.now() > end) break;
  }
  if (queue.size) schedule();
}

function schedule() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(run);
}

/** Queues a draw; the returned function drops it if it has not run yet (the clip changed). */
export function scheduleDraw(draw: () => void): () => void {
  queue.add(draw);
  schedule();
  return () => queue.delete(draw);
}
