#!/usr/bin/env bash
# `npm test`: the whole suite, in the order CI runs it.
#   0. Biome: lint rules (biome.jsonc) and formatting, in seconds, so a slip shows before the long stages
#   1. Prisma clients, PostgreSQL schema in step, production build (HTTP tests and Playwright need it),
#      the first-load JS budget of the main pages (scripts/check-bundle.mjs), tsc
#   2. Vitest (unit + integration) on SQLite, then the timed latency rules alone (LATENCY_TESTS)
#   3. The same Vitest files on PostgreSQL at TEST_POSTGRES_URL (required when CI=true, else skipped if unreachable)
#   3b. The crash suite (npm run test:crash): queue workers killed mid-order, on Redis
#   3c. The HTTP suites with STORAGE=s3 (s3rver, started by the tests themselves)
#   4. Playwright against the production build
#   5. ledger:verify on every database the tests created
# Every stage runs even after a failure (except those that need the build); the exit code is non-zero
# if any failed. Set MX_SKIP_E2E=1 or MX_SKIP_BUILD=1 (reuse .next) to shorten local runs.
set -uo pipefail
cd "$(dirname "$0")/.."

export MX_TEST_RUN="run_$(date -u +%Y%m%d%H%M%S)_$$"
export MX_KEEP_TEST_DBS=1 # ledger:verify walks them at the end
export NEXT_TELEMETRY_DISABLED=1
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgresql://postgres:postgres@127.0.0.1:5432/postgres}"
if [ -t 1 ]; then export FORCE_COLOR=1; else export NO_COLOR=1; fi
run_dir=".test-data/$MX_TEST_RUN"
list="$run_dir/databases.txt"
mkdir -p "$run_dir"
: >"$list"
tests_passed=0 tests_failed=0 tests_skipped=0

# Runs of earlier days (other engineers' current runs are younger) go.
find .test-data -mindepth 1 -maxdepth 1 -name 'run_*' -mmin +720 -exec rm -rf {} + 2>/dev/null || true

summary=()
failed=0
stage() { # stage <name> <command...>
  local name=$1; shift
  echo
  echo "==== $name ===="
  local start=$SECONDS
  if "$@"; then
    summary+=("PASS  $name ($((SECONDS - start))s)")
  else
    summary+=("FAIL  $name ($((SECONDS - start))s)")
    failed=1
    return 1
  fi
}
# Adds a runner's own closing counts (Vitest's "Tests  N failed | M passed (T)", Playwright's
# "  N passed (12s)" lines) to the totals printed at the end.
tally() { # tally <log file>
  local text n kind
  text=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^ *Tests +[0-9]|^ +[0-9]+ (passed|failed|skipped|flaky|did not run)' | tail -4)
  while read -r n kind; do
    case $kind in
      passed*) tests_passed=$((tests_passed + n)) ;;
      failed*) tests_failed=$((tests_failed + n)) ;;
      skipped* | todo* | did*) tests_skipped=$((tests_skipped + n)) ;;
      flaky*) tests_failed=$((tests_failed + n)) ;;
    esac
  done < <(grep -oE '[0-9]+ (passed|failed|skipped|todo|flaky|did not run)' <<<"$text")
}
tested() { # tested <name> <command...>: a stage whose output is also kept for tally
  local name=$1 log; shift
  log="$run_dir/$(tr -c 'a-zA-Z0-9' _ <<<"$name").log"
  stage "$name" bash -o pipefail -c '"$@" 2>&1 | tee "$0"' "$log" "$@"
  local rc=$?
  tally "$log"
  return $rc
}
skip() { summary+=("SKIP  $1: $2"); echo; echo "==== $1: skipped ($2) ===="; }

postgres_reachable() {
  node -e '
    const pg = require("pg");
    const c = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { console.error(String(e.message || e)); process.exit(1); });
  '
}

build() {
  # A build needs only syntactically valid settings; nothing is read from the database.
  DATABASE_URL="file:$PWD/$run_dir/build.db" \
    AUTH_SECRET="build-time-secret-not-used-at-run-time-0123456789" \
    NEXTAUTH_URL="http://127.0.0.1:3100" \
    npx next build
}

ledger_verify_all() {
  local urls n
  # A SQLite file of a test file that never touched its database may not exist: nothing to verify.
  urls=$(sort -u "$list" | while read -r url; do
    if [[ $url == file:* ]] && [ ! -s "${url#file:}" ]; then continue; fi
    echo "$url"
  done)
  n=$(printf '%s\n' "$urls" | grep -c . || true)
  echo "verifying $n databases listed in $list"
  [ "$n" -gt 0 ] || return 1
  printf '%s\n' "$urls" | xargs -P 4 -I{} env DATABASE_URL={} node_modules/.bin/tsx --conditions=react-server scripts/ledger-verify.ts
}

drop_postgres_databases() {
  grep '^postgres' "$list" 2>/dev/null | sort -u | node -e '
    const pg = require("pg");
    const urls = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
    (async () => {
      if (!urls.length) return;
      const admin = new URL(urls[0]); admin.pathname = "/postgres";
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      for (const u of urls) {
        const name = decodeURIComponent(new URL(u).pathname.slice(1)).replace(/"/g, "\"\"");
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      }
      await c.end();
    })().catch((e) => console.error("could not drop test databases:", e.message));
  '
}

total_start=$SECONDS

# 0. Lint and format (fast; every later stage runs even if these fail).
stage "biome lint" npx biome lint --error-on-warnings
stage "biome format (check; fix with npm run format)" npx biome format

# 1. Static checks and the build.
stage "prisma generate (sqlite + postgres clients)" npm run --silent db:generate
stage "postgres schema in step" npm run --silent db:sync-postgres -- --check
build_ok=1
if [ "${MX_SKIP_BUILD:-}" = 1 ] && [ -f .next/BUILD_ID ]; then
  skip "next build" "MX_SKIP_BUILD=1, reusing .next"
else
  stage "next build" build || build_ok=0
fi
if [ "$build_ok" = 1 ]; then
  stage "bundle budget (first-load JS, gzipped)" node scripts/check-bundle.mjs
fi
stage "typecheck (tsc --noEmit)" npx tsc --noEmit

# 2. Vitest on SQLite.
# Latency rules (a web server staying responsive while separations run) are timed: they run in a
# stage of their own afterwards, with nothing else competing for the two cores.
LATENCY_TESTS=(test/http/onnx-engine.test.ts)
latency_excludes=()
for f in "${LATENCY_TESTS[@]}"; do latency_excludes+=(--exclude "$f"); done
tested "vitest on SQLite" npx vitest run "${latency_excludes[@]}"
tested "vitest latency rules (alone, SQLite)" npx vitest run --no-file-parallelism "${LATENCY_TESTS[@]}"

# 3. Vitest on PostgreSQL.
if postgres_reachable; then
  tested "vitest on PostgreSQL" env TEST_DB=postgres npx vitest run "${latency_excludes[@]}"
elif [ "${CI:-}" = true ]; then
  echo "PostgreSQL is required in CI but not reachable at $TEST_POSTGRES_URL" >&2
  summary+=("FAIL  vitest on PostgreSQL: server not reachable at ${TEST_POSTGRES_URL//:*@/:***@}")
  failed=1
else
  skip "vitest on PostgreSQL" "no server at ${TEST_POSTGRES_URL//:*@/:***@} (set TEST_POSTGRES_URL; required when CI=true)"
fi

# 3b. Crash suite: worker processes on BullMQ killed with SIGKILL mid-order (PostgreSQL when
# reachable, a redis-server of its own or TEST_REDIS_URL).
if command -v redis-server >/dev/null || [ -n "${TEST_REDIS_URL:-}" ]; then
  tested "crash suite (kill -9 of queue workers)" npm run --silent test:crash
elif [ "${CI:-}" = true ]; then
  summary+=("FAIL  crash suite: redis-server is not installed")
  failed=1
else
  skip "crash suite" "redis-server is not installed (apt-get install redis-server)"
fi

# 3c. Scaled storage: the HTTP suites with every file in an S3 bucket (STORAGE=s3). The S3 server is
# s3rver (an npm dev dependency) started inside each test file on a loopback port, one bucket per
# server; set TEST_S3_ENDPOINT (+ TEST_S3_ACCESS_KEY_ID/SECRET) to use another one, e.g. MinIO.
S3_HTTP_SUITES=(test/http/orders.test.ts test/http/drafts.test.ts test/http/files.test.ts test/http/library.test.ts)
if [ "$build_ok" = 1 ]; then
  tested "vitest scaled storage (S3)" env TEST_STORAGE=s3 npx vitest run "${S3_HTTP_SUITES[@]}"
else
  summary+=("FAIL  vitest scaled storage (S3): not run, the build failed")
  failed=1
fi

# 4. Playwright.
if [ "${MX_SKIP_E2E:-}" = 1 ]; then
  skip "playwright" "MX_SKIP_E2E=1"
elif [ "$build_ok" = 1 ]; then
  tested "playwright (e2e/)" npx playwright test
else
  summary+=("FAIL  playwright: not run, the build failed")
  failed=1
fi

# 5. Every database the tests touched must still balance.
stage "ledger:verify on every test database" ledger_verify_all

drop_postgres_databases
if [ "$failed" = 0 ]; then rm -rf "$run_dir" .test-data/e2e; fi

echo
echo "==== summary ($((SECONDS - total_start))s) ===="
printf '%s\n' "${summary[@]}"
echo
echo "tests: $tests_passed passed, $tests_failed failed, $tests_skipped skipped"
if [ "$failed" = 0 ]; then
  echo "ALL PASSED"
else
  echo "FAILED (SQLite test databases kept in $run_dir)"
fi
exit "$failed"
