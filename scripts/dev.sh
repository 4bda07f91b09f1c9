#!/usr/bin/env bash
# Sets everything up and starts Backstage with the Deployments plugin:
# frontend on http://localhost:3000, backend on http://localhost:7007, SQLite
# data in data/ (kept across restarts). Demo deployments are posted once the
# backend answers (history on the first start only; live events every 20 s).
# DEMO=0 skips the demo.
#
# The terminal shows only what a newcomer needs: a few progress lines, then a
# banner with the URLs, the ingest key and one curl to try. Everything else —
# yarn's install output (peer-dependency warnings, the optional keytar build
# that fails without libsecret and is not needed), the backend's and the
# frontend's logs, the demo's posts — goes to data/dev.log. Real failures stay
# visible: if setup or startup fails, the end of that log is printed and the
# script exits non-zero; once running, error lines are echoed.
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
mkdir -p data
LOG="$REPO_ROOT/data/dev.log"
LOG_SHOWN="data/dev.log"
: >"$LOG"
FRONTEND_URL=http://localhost:3000
BACKEND_URL=http://localhost:7007
export DEPLOYMENTS_API_KEY="${DEPLOYMENTS_API_KEY:-local-dev-key}"

fail() {
  echo "" >&2
  echo "!! $1. The last lines of $LOG_SHOWN:" >&2
  tail -n "${2:-40}" "$LOG" | sed 's/^/   /' >&2
  echo "!! Full log: $LOG" >&2
  exit 1
}

echo "==> Installing dependencies (a few minutes on the first run; output in $LOG_SHOWN) ..."
if ! bash scripts/setup.sh >>"$LOG" 2>&1; then
  fail "Setup failed (yarn install)"
fi

if curl -fsS "$BACKEND_URL/api/deployments/health" >/dev/null 2>&1; then
  echo "!! Something already answers on $BACKEND_URL: stop that Backstage first." >&2
  exit 1
fi

# yarn start and the demo run in process groups of their own (setsid), so
# stopping this script — Ctrl-C, or a TERM to it — stops them with all their
# children (the backend and the frontend dev server).
groups=()
cleanup() {
  for pgid in "${groups[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Starting Backstage (the first start compiles the frontend: a minute or two) ..."
setsid yarn start >>"$LOG" 2>&1 &
start_pid=$!
groups+=("$start_pid")

answers() { curl -fsS -o /dev/null "$1" 2>/dev/null; }
deadline=$((SECONDS + ${DEV_START_TIMEOUT:-600}))
until answers "$BACKEND_URL/api/deployments/health" && answers "$FRONTEND_URL"; do
  kill -0 "$start_pid" 2>/dev/null || fail "Backstage exited during startup"
  [ "$SECONDS" -lt "$deadline" ] || fail "Backstage did not answer on both ports within ${DEV_START_TIMEOUT:-600} s"
  sleep 2
done

demo_line="Demo off (DEMO=0)."
if [ "${DEMO:-1}" != "0" ]; then
  setsid yarn demo --skip-history-if "$REPO_ROOT/data/.demo-seeded" >>"$LOG" 2>&1 &
  groups+=("$!")
  demo_line="Demo data: a few weeks of history (first start only), then a live deploy every 20 s."
fi

# The curl of README.md ("Post your own"), with this run's key; it stamps the
# event with the current time, so it is newer than anything the demo posted
# and becomes the checkout/prod slot's current deployment on the open page.
try_curl="$(
  cat <<'CURL'
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
curl -sS --fail-with-body --retry 5 --retry-connrefused --retry-max-time 60 \
  -X POST "http://localhost:7007/api/deployments" \
  -H "X-Api-Key: local-dev-key" -H "Content-Type: application/json" \
  -H "Idempotency-Key: readme-$NOW" \
  -d "{\"deployment_id\":\"readme-$NOW\",\"service\":\"checkout\",\"environment\":\"prod\",\"status\":\"success\",\"happened_at\":\"$NOW\",\"version\":\"1.2.3\"}"
CURL
)"
try_curl="${try_curl//local-dev-key/$DEPLOYMENTS_API_KEY}"

cat <<BANNER

================================================================================
 Deployments is running.

   Open        $FRONTEND_URL/deployments   (sign in as guest)
   Backend     $BACKEND_URL
   Ingest key  DEPLOYMENTS_API_KEY=$DEPLOYMENTS_API_KEY
   Logs        $LOG_SHOWN (install, backend, frontend, demo)
   $demo_line

 Paste this in another terminal: checkout/prod turns to 1.2.3 on the open page.

$(sed 's/^/   /' <<<"$try_curl")

 Ctrl-C stops everything.
================================================================================

BANNER

# Keep real errors visible without the noise: echo the log's error lines
# (backend log level "error", compile failures, a crashed demo) as they come,
# colours stripped.
# tail stops by itself when yarn start does (--pid).
tail -n 0 -F --pid="$start_pid" "$LOG" 2>/dev/null \
  > >(sed -u 's/\x1b\[[0-9;]*m//g' | grep --line-buffered -E ' error |ERROR|Error: |Failed to compile') &

set +e
wait "$start_pid"
code=$?
set -e
[ "$code" -eq 0 ] || fail "Backstage exited with code $code"
