// `npm run setup`: first-run preparation of a fresh clone. Writes .env with a random AUTH_SECRET
// when there is none, generates both Prisma clients and migrates the configured database.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const envFile = path.join(root, ".env");

function writeEnvIfMissing() {
  if (fs.existsSync(envFile)) {
    console.log(".env exists: keeping it");
    return;
  }
  const lines = [
    "# Written by `npm run setup`. Every variable is described in .env.example and README.md.",
    "DATABASE_URL=file:./data/mixdesk.db",
    `AUTH_SECRET=${crypto.randomBytes(32).toString("base64url")}`,
    "NEXTAUTH_URL=http://localhost:3000",
    "",
  ];
  fs.writeFileSync(envFile, lines.join("\n"), { mode: 0o600 });
  console.log("wrote .env (DATABASE_URL, a random AUTH_SECRET, NEXTAUTH_URL)");
}

function npmRun(script: string) {
  console.log(`\n> npm run ${script}`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["run", "--silent", script], { cwd: root, stdio: "inherit" });
}

writeEnvIfMissing();
try {
  npmRun("db:generate");
  npmRun("db:migrate");
} catch {
  console.error("\nsetup failed (see the output above)");
  process.exit(1);
}
console.log("\nSetup done. Next: npm run build && npm start  (http://localhost:3000)");
