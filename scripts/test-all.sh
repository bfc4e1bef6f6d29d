#!/usr/bin/env bash
# `npm test`: the whole suite, in the order CI runs it.
#   0. Biome: lint rules (biome.jsonc) and formatting, in seconds, so a slip shows before the long stages
#   1. Prisma clients, PostgreSQL schema in step, production build (HTTP tests and Playwright need it),
#      the first-load JS budget of the main pages (scripts/check-bundle.mjs), tsc
#   2. Vitest (unit + integration) on SQLite, then the timed latency rules alone (LATENCY_TESTS)
#   3. The scaled mode: the same Vitest files on PostgreSQL at TEST_POSTGRES_URL, jobs through BullMQ on
#      Redis (TEST_SCALED=1, TEST_REDIS_URL) and every stored file in S3 (TEST_STORAGE=s3, s3rver started
#      by the tests themselves); PostgreSQL and redis-server are required when CI=true
#   3b. The crash suite (npm run test:crash): queue workers killed mid-order, on Redis
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
# The test files whose Vitest worker died before the file ended, one line each: file, pid, the test
# it was in, its memory (rss/peak MiB), how the process ended. The trail holds, per line: pid, what
# (start, test, end, exit: from test/setup/lifeline.ts in the worker; exited: from
# test/setup/worker-exits.ts in Vitest's own process), file, memory, detail.
deaths() { # deaths <trail>
  awk -F'\t' '
    $2 == "start" { k = $1 SUBSEP $3; if (!(k in pid)) order[++n] = k; pid[k] = $1; file[k] = $3 }
    $2 == "test" { k = $1 SUBSEP $3; last[k] = $5; rss[k] = $4 }
    $2 == "end" { done[$1 SUBSEP $3] = 1 }
    $2 == "exit" { code[$1] = $5 }
    $2 == "exited" { ended[$1] = $5 }
    END {
      for (i = 1; i <= n; i++) {
        k = order[i]; if (k in done) continue; p = pid[k]
        if (p in ended) how = "the process ended with " ended[p] ((p in code) ? " after exit(" code[p] ")" : "")
        else how = (p in code) ? "the process called exit(" code[p] ")" : "the end of the process was not seen"
        printf "%s\t%s\t%s\t%s\t%s\n", file[k], p, last[k], rss[k], how
      }
    }' "$1"
}
# What made a runner fail, in a few lines for the end of the output (CI shows only its tail): the
# failing files and tests, unhandled errors with the file they came from, the closing counts.
digest() { # digest <log file> [lifeline file]
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    grab && NF && !/^ *[❯⎯]/ { print "    " $0; grab = 0; next }
    /^ *Caused by: |FATAL ERROR|heap out of memory|Segmentation fault|core dumped/ { print "    " $0; next }
    /^ *FAIL / { if (!seen[$0]++) { print; grab = 1 }; next }
    /^ *(Test Files|Tests|Errors) +[0-9]/ { print; next }
    /\[vitest-pool\]|Vitest caught [0-9]+ unhandled/ { print; next }
    /⎯ (Unhandled Rejection|Uncaught Exception|Unhandled Error) ⎯/ { print; grab = 1; next }
    /This error originated in "/ { sub(/ test file\..*/, ""); print "    " $0; next }
    /^ +[0-9]+\) \[/ { if (!seen[$0]++) { print; grab = 1 }; next }
    /^ +[0-9]+ (failed|flaky|did not run)/ { print }
  ' | head -n 25 | cut -c1-240
  # A Vitest worker that died mid-file, from the trail of test/setup/lifeline.ts.
  [ -s "${2:-}" ] && deaths "$2" | head -n 10 | awk -F'\t' '
    { printf "    %s never finished (pid %s), in test \"%s\" (rss/peak %s MiB): %s\n", $1, $2, $3, $4, $5 }'
  # The kernel's word on a process it killed for memory or that crashed.
  dmesg 2>/dev/null | grep -iE 'out of memory|oom-kill|killed process|segfault|general protection|invalid opcode' | tail -n 3 | sed 's/^/    /'
  return 0
}
why=()
notes=()
# Runs a stage's command with its output also in <log>. When Vitest's only fault is a test file whose
# worker process died (a signal or a native crash: Vitest reports just "Worker exited unexpectedly"
# and drops the file's results), those files run once more on their own, and the death is reported
# under ==== notes ==== even if they pass then; a death that repeats, or any failing test, fails it.
run_logged() { # run_logged <log> <trail> <command...>
  local log=$1 trail=$2; shift 2
  [[ $trail == /* ]] || trail="$PWD/$trail"
  MX_LIFELINE_LOG="$trail" "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} text died
  [ "$rc" != 0 ] && [ -s "$trail" ] || return "$rc"
  died=$(deaths "$trail")
  [ -n "$died" ] || return "$rc"
  text=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
  grep -qE '^ *Tests .*[0-9]+ failed' <<<"$text" && return "$rc"
  [ "$(grep -c 'Unhandled Error ⎯' <<<"$text")" = "$(grep -c 'Worker forks emitted error' <<<"$text")" ] || return "$rc"
  local files
  mapfile -t files < <(cut -f1 <<<"$died" | sort -u)
  echo
  echo "==== the worker of ${files[*]} died; running that once more on its own ===="
  MX_LIFELINE_LOG="$trail" "$@" "${files[@]}" 2>&1 | tee -a "$log"
  rc=${PIPESTATUS[0]}
  notes+=("-- $name: a Vitest worker died; its file ran again on its own and $([ "$rc" = 0 ] && echo passed || echo failed):"
    "$(awk -F'\t' '{ printf "    %s never finished (pid %s), in test \"%s\" (rss/peak %s MiB): %s\n", $1, $2, $3, $4, $5 }' <<<"$died")")
  return "$rc"
}
tested() { # tested <name> <command...>: a stage whose output is also kept for tally
  local name=$1 log trail; shift
  log="$run_dir/$(tr -c 'a-zA-Z0-9' _ <<<"$name").log"
  trail="${log%.log}.lifelines"
  stage "$name" run_logged "$log" "$trail" "$@"
  local rc=$?
  tally "$log"
  if [ "$rc" != 0 ]; then why+=("-- $name (exit $rc; whole output in $log):" "$(digest "$log" "$trail")"); fi
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
  # One line per database goes to a file (kept with the run when anything fails); only the
  # databases that do not balance are printed.
  local out="$run_dir/ledger-verify.log" rc=0 bad
  printf '%s\n' "$urls" | xargs -P 4 -I{} env DATABASE_URL={} node_modules/.bin/tsx --conditions=react-server scripts/ledger-verify.ts >"$out" 2>&1 || rc=$?
  bad=$(grep -v '^ledger ok:' "$out")
  [ -z "$bad" ] || echo "$bad"
  echo "$(grep -c '^ledger ok:' "$out") of $n databases balance"
  if [ "$rc" != 0 ]; then why+=("-- ledger:verify (exit $rc; every database's line in $out):" "$(head -n 25 <<<"$bad")"); fi
  return $rc
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

# 3. The scaled mode: Vitest on PostgreSQL + Redis (BullMQ) + S3. Every test server runs its jobs
# through the queue under a key prefix of its own (test/helpers/server.ts), tests that run jobs in
# process do the same (test/helpers/scaled.ts), and every stored file goes to a bucket of its own on
# s3rver (test/helpers/s3.ts; TEST_S3_ENDPOINT for another S3 server). CI starts redis-server and
# exports TEST_REDIS_URL (.ci/run); otherwise this stage starts a throwaway one.
own_redis_pid=""
start_own_redis() {
  command -v redis-server >/dev/null || return 1
  local port
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >"$run_dir/redis.log" 2>&1 &
  own_redis_pid=$!
  trap 'kill "$own_redis_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do
    grep -q "Ready to accept connections" "$run_dir/redis.log" 2>/dev/null && break
    sleep 0.1
  done
  export TEST_REDIS_URL="redis://127.0.0.1:$port"
}
if [ -z "${TEST_REDIS_URL:-}" ]; then start_own_redis || true; fi
if ! postgres_reachable; then
  if [ "${CI:-}" = true ]; then
    echo "PostgreSQL is required in CI but not reachable at $TEST_POSTGRES_URL" >&2
    summary+=("FAIL  vitest scaled mode: PostgreSQL not reachable at ${TEST_POSTGRES_URL//:*@/:***@}")
    failed=1
  else
    skip "vitest scaled mode" "no PostgreSQL at ${TEST_POSTGRES_URL//:*@/:***@} (set TEST_POSTGRES_URL; required when CI=true)"
  fi
elif [ -z "${TEST_REDIS_URL:-}" ]; then
  if [ "${CI:-}" = true ]; then
    summary+=("FAIL  vitest scaled mode: redis-server is not installed")
    failed=1
  else
    skip "vitest scaled mode" "redis-server is not installed (apt-get install redis-server) and TEST_REDIS_URL is unset"
  fi
else
  tested "vitest scaled mode (PostgreSQL + Redis queue + S3)" \
    env TEST_DB=postgres TEST_SCALED=1 TEST_STORAGE=s3 npx vitest run "${latency_excludes[@]}"
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
if [ ${#notes[@]} -gt 0 ]; then
  echo
  echo "==== notes ===="
  printf '%s\n' "${notes[@]}"
  dmesg 2>/dev/null | grep -iE 'out of memory|oom-kill|killed process|segfault|general protection|invalid opcode' | tail -n 3 | sed 's/^/    /'
fi
if [ ${#why[@]} -gt 0 ]; then
  echo
  echo "==== why ===="
  printf '%s\n' "${why[@]}"
fi
if [ "$failed" = 0 ]; then
  echo "ALL PASSED"
else
  echo "FAILED (SQLite test databases kept in $run_dir)"
fi
exit "$failed"
