// Vitest globalSetup, in the main process: when MX_LIFELINE_LOG is set (npm test sets it for each
// Vitest stage), every forked test worker's exit code and signal go into that trail beside the lines
// test/setup/lifeline.ts writes from inside the worker. Vitest 4 drops both ("Worker exited
// unexpectedly"), and they are what tells a SIGKILL from a native crash (SIGSEGV, SIGABRT) or a
// V8 heap limit (SIGABRT after "FATAL ERROR"). child_process.fork is wrapped, and the builtin's ESM
// exports synced, before Vitest forks its first worker; the wrapper only adds a listener.
import childProcess from "node:child_process";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

export default function setup() {
  const log = process.env.MX_LIFELINE_LOG;
  if (!log) return;
  const fork = childProcess.fork;
  const wrapped = ((...args: Parameters<typeof fork>) => {
    const child = fork(...args);
    child.once("exit", (code, signal) => {
      try {
        fs.appendFileSync(log, `${child.pid}\texited\t?\t-\t${signal ?? `code ${code}`}\n`);
      } catch {
        // A diagnostic: never the reason a run fails.
      }
    });
    return child;
  }) as typeof fork;
  childProcess.fork = wrapped;
  syncBuiltinESMExports();
  return () => {
    childProcess.fork = fork;
    syncBuiltinESMExports();
  };
}
