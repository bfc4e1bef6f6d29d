// Runs before `npm ci` (quickstart, .ci/run). npm ci refuses a lockfile that no longer satisfies
// package.json, with a message that does not say what to do; this names the dependency and the fix.
// It applies npm ci's own rule to the direct dependencies: each one must have a locked version that
// satisfies its range in package.json. A range edited without a new lock still passes when the
// locked version fits it, as it does for npm ci. Plain Node: it runs before anything is installed,
// so semver comes from the project if present, else from the npm that will run `npm ci`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const fix =
  "Fix: run `npm install` (it brings package-lock.json in step with package.json), review the diff, and commit both files.";

function loadSemver() {
  for (const base of [path.join(root, "package.json"), npmPackageJson()]) {
    try {
      return createRequire(base)("semver");
    } catch {}
  }
  throw new Error("cannot find the semver module (neither in node_modules nor in npm's own)");
}
function npmPackageJson() {
  // npm_execpath is set when this runs from an npm script; otherwise ask npm where it lives.
  const execPath = process.env.npm_execpath;
  if (execPath) return path.join(path.dirname(execPath), "..", "package.json");
  const globalRoot = execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim();
  return path.join(globalRoot, "npm", "package.json");
}

const read = (file) => JSON.parse(readFileSync(path.join(root, file), "utf8"));
let pkg;
let lock;
try {
  pkg = read("package.json");
  lock = read("package-lock.json");
} catch (error) {
  console.error(`package-lock.json check: ${error.message}\n${fix}`);
  process.exit(1);
}

const semver = loadSemver();
const problems = [];
if (!lock.packages?.[""]) {
  problems.push(`package-lock.json (lockfileVersion ${lock.lockfileVersion}) has no root entry; npm 7+ writes one`);
} else {
  const lockedRoot = lock.packages[""];
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      const entry = lock.packages[`node_modules/${name}`];
      if (!entry) {
        if (field !== "optionalDependencies") problems.push(`${name}@${range} (${field}) is not in the lockfile`);
        continue;
      }
      const isRegistryRange = semver.validRange(range) !== null;
      if (isRegistryRange ? !semver.satisfies(entry.version, range) : lockedRoot[field]?.[name] !== range) {
        problems.push(`${name}: package.json asks for ${range}, the lockfile has ${entry.version}`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error("package.json and package-lock.json disagree, so `npm ci` would refuse to install:");
  for (const p of problems) console.error(`  - ${p}`);
  console.error(fix);
  process.exit(1);
}
