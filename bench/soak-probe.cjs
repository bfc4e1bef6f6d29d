// Preloaded into the soak's web processes (NODE_OPTIONS=--require): every few seconds appends the
// process's own memory split (V8 heap used/total, external, array buffers, RSS) to
// SOAK_PROBE_FILE, so the soak can tell a JavaScript heap that keeps growing (a leak: caches,
// listeners) from resident memory that settles (allocator, code).
const fs = require("node:fs");

const file = process.env.SOAK_PROBE_FILE;
if (file) {
  const every = Number(process.env.SOAK_PROBE_MS || 5000);
  setInterval(() => {
    const m = process.memoryUsage();
    const line = { pid: process.pid, at: Date.now(), ...m };
    try {
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      /* the soak's folder is gone at the end */
    }
  }, every).unref();
}
