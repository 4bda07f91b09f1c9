#!/usr/bin/env bash
# Sets everything up and runs every test: type check, lint, unit and
# integration tests (SQLite and the PostgreSQL on 127.0.0.1:5432), and the
# browser end-to-end suite in Debian's Chromium.
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
bash scripts/setup.sh

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "==> PostgreSQL is not answering on 127.0.0.1:5432; trying to start the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi

# Chromium for the browser tests; jq for the incident webhook recipes that
# docs/ci-recipes.md shows and the recipe tests run verbatim.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v jq >/dev/null 2>&1 || missing="$missing jq"
if [ -n "$missing" ]; then
  echo "==> Installing Debian packages:$missing"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# Each step says what it runs and, when done, how long it took (CI must stay
# under 30 minutes; these figures show where the time goes).
step() {
  local title="$1" started=$SECONDS
  shift
  echo "==> $title"
  "$@"
  echo "==> done in $((SECONDS - started)) s: $title (total $SECONDS s)"
}
step "yarn tsc" yarn tsc
step "yarn lint:all" yarn lint:all
step "yarn api-reports:check (report.api.md files are current)" yarn api-reports:check
step "yarn test (all workspaces, SQLite and PostgreSQL)" env CI=true yarn test --watchAll=false
step "benchmarks at smoke size" bash bench/smoke.sh
step "yarn test:e2e (real app and backend in Chromium; install proof in a fresh app)" yarn test:e2e
