// Leaves a trail of each test file's life in MX_LIFELINE_LOG (npm test sets it for each Vitest
// stage): when the file starts, each test it begins, when it ends and how its process exits, each
// with the process's resident memory then and its peak so far. A worker that dies mid-file (a signal, the OOM killer, a native crash,
// a stray process.exit) makes Vitest say only "Worker exited unexpectedly", without the file;
// scripts/test-all.sh reads this trail to name the file, the test it was in and how it died.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";

const log = process.env.MX_LIFELINE_LOG;
if (log) {
  let file = "?";
  // Synchronous on purpose: the line must be on disk before whatever kills the process.
  const mark = (what: string, detail = "") => {
    const rss = Math.round(process.memoryUsage.rss() / 2 ** 20);
    const peak = Math.round(process.resourceUsage().maxRSS / 1024);
    try {
      fs.appendFileSync(log, `${process.pid}\t${what}\t${file}\t${rss}/${peak}\t${detail.replace(/\s+/g, " ")}\n`);
    } catch {
      // A diagnostic: never the reason a test fails.
    }
  };
  beforeAll(() => {
    file = path.relative(process.cwd(), expect.getState().testPath ?? "?");
    mark("start");
  });
  beforeEach(({ task }) => mark("test", task.name));
  afterAll(() => mark("end"));
  process.on("exit", (code) => mark("exit", String(code)));
}
