#!/usr/bin/env bash
# Playwright's webServer: the production build on 127.0.0.1:3100 with a fresh, migrated SQLite
# database under .test-data/e2e/. Needs a prior `npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f .next/BUILD_ID ]; then
  echo "e2e-server: no production build (.next/BUILD_ID missing): run npm run build first" >&2
  exit 1
fi

dir="$PWD/.test-data/e2e"
rm -rf "$dir"
mkdir -p "$dir"
db_url="file:$dir/e2e.db"

DATABASE_URL="$db_url" node_modules/.bin/tsx --conditions=react-server scripts/db-migrate.ts >"$dir/migrate.log" 2>&1 || {
  cat "$dir/migrate.log" >&2
  exit 1
}

# The list ledger:verify walks after the run (test-all.sh sets MX_TEST_RUN).
list=".test-data/${MX_TEST_RUN:-e2e}/databases.txt"
mkdir -p "$(dirname "$list")"
echo "$db_url" >>"$list"

export DATABASE_URL="$db_url"
# Uploads and results stay inside the throwaway directory, away from a developer's ./data.
export DATA_DIR=.test-data/e2e/data
export AUTH_SECRET="e2e-secret-for-playwright-only-0123456789abcdef"
port="${E2E_PORT:-3100}"
export NEXTAUTH_URL="http://127.0.0.1:$port"
export PUBLIC_BASE_URL="http://127.0.0.1:$port"
export NODE_ENV=production
export NEXT_TELEMETRY_DISABLED=1
export FETCH_ALLOW_HOSTS=127.0.0.1
# Relays (e2e/relays.spec.ts): a master key for upstream keys (never the session secret), and short
# retry/poll gaps so a loopback upstream that is down falls back within the test's patience.
export RELAY_MASTER_KEY="${RELAY_MASTER_KEY:-6d69786465736b2d6532652d72656c61792d6d61737465722d6b65792d303030}"
export RELAY_RETRY_BASE_MS="${RELAY_RETRY_BASE_MS:-200}"
export RELAY_POLL_INTERVAL_MS="${RELAY_POLL_INTERVAL_MS:-300}"
# extract-text: embedded subtitles and a configured server only; pocketsphinx on a test tone would
# make the outcome depend on what it imagines hearing.
export TRANSCRIBE_ENGINES="${TRANSCRIBE_ENGINES:-subtitles,openai}"
# As `npm start` serves: Next.js with the fast lane in front (scripts/server.ts).
exec node_modules/.bin/tsx --conditions=react-server scripts/server.ts -p "$port" -H 127.0.0.1
