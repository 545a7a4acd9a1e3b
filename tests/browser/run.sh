#!/usr/bin/env bash
# Browser tests of `crosscheck serve` (CTest: browser_desk). Usage:
#   run.sh CROSSCHECK_BINARY WORK_DIR
# Installs playwright-core from tests/browser/package-lock.json into
# WORK_DIR/node_modules (npm ci, never a browser download), adds the seeds
# (examples/border-clash) and a hostile report to a new store and serves it, and runs desk.test.mjs in
# Debian's Chromium. Screenshots go to WORK_DIR/screenshots. Exits 77 (CTest:
# skipped) with a message only when Chromium, Node or npm is missing or the
# npm package cannot be installed (`scripts/install-deps.sh browser` installs
# them; `make test` runs it).
set -euo pipefail
binary=$1
mkdir -p "$2"
work=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}

skip() { echo "browser tests skipped: $*" >&2; exit 77; }
[ -x "$chromium" ] || skip "no Chromium at $chromium (apt-get install chromium, or scripts/install-deps.sh browser)"
command -v node >/dev/null || skip "no node (apt-get install nodejs npm, or scripts/install-deps.sh browser)"
command -v npm >/dev/null || skip "no npm (apt-get install npm, or scripts/install-deps.sh browser)"

mkdir -p "$work"
# npm ci again only when the lock file changed.
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/playwright-core" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
    skip "npm ci could not install playwright-core (no access to the npm registry?)"
fi
cp "$here/desk.test.mjs" "$work/"

tmp=$(mktemp -d)
server=
cleanup() {
  local rc=$?
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

# The seeds and the hostile report added to a store, which serve opens read-only.
"$binary" add -q --db "$tmp/desk.db" "$source_dir/examples/border-clash" "$here/hostile.jsonl" >"$tmp/add.log" 2>&1 ||
  { cat "$tmp/add.log" >&2; echo "crosscheck add failed" >&2; exit 1; }
"$binary" serve --db "$tmp/desk.db" --port 0 2>"$tmp/serve.log" &
server=$!
url=
for _ in $(seq 1 300); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.log" || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.log" >&2; echo "crosscheck serve exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$tmp/serve.log" >&2; echo "crosscheck serve did not start" >&2; exit 1; }

mkdir -p "$work/screenshots" "$tmp/profile"
cd "$work"
DESK_URL=$url ARTIFACTS="$work/screenshots" PROFILE_DIR="$tmp/profile" CHROMIUM="$chromium" node desk.test.mjs
