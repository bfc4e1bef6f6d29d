// `npm run worker`'s script as a child process (tsx, react-server condition), with this process's
// environment plus `env`; its output is kept (the last few kB) for failure messages.
import { type ChildProcess, spawn } from "node:child_process";
import { repoRoot } from "./test-run";

export type WorkerProcess = { child: ChildProcess; log(): string; exited: Promise<unknown> };

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + d).slice(-4000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return { child, log: () => log, exited: new Promise((r) => child.once("exit", r)) };
}
