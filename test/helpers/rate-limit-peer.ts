// Starts test/helpers/rate-limit-process.ts as a separate Node process (a stand-in for one web
// process's rate limiting) and talks to it one JSON line at a time.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { repoRoot } from "./test-run";

export type Proc = { send(cmd: object): Promise<Record<string, unknown>>; stop(): Promise<void> };

export function startProcess(env: Record<string, string>): Proc {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(repoRoot, "test/helpers/rate-limit-process.ts")],
    { cwd: repoRoot, env: { ...process.env, ...env, NODE_ENV: "test" } },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const answers = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    async send(cmd) {
      child.stdin.write(`${JSON.stringify(cmd)}\n`);
      const next = await answers.next();
      if (next.done) throw new Error(`rate-limit process ended:\n${stderr}`);
      const answer = JSON.parse(next.value) as Record<string, unknown>;
      if (answer.error) throw new Error(`${String(answer.error)}\n${stderr}`);
      return answer;
    },
    async stop() {
      if (child.exitCode === null) {
        child.stdin.write(`${JSON.stringify({ op: "quit" })}\n`);
        child.stdin.end();
      }
      await exited;
    },
  };
}
