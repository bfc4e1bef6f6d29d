// Runs `npm run admin -- <args>` the way an operator does (tsx, react-server condition), without npm.
import { execFile } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./test-run";

export type AdminRun = { code: number; stdout: string; stderr: string };

export function runAdmin(args: string[], env: Record<string, string> = {}): Promise<AdminRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(repoRoot, "scripts/admin.ts"), ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 180_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
