#!/usr/bin/env bash
# Sets everything up and starts Backstage with the Deployments plugin:
# frontend on http://localhost:3000, backend on http://localhost:7007, SQLite
# data in data/ (kept across restarts). Demo deployments are posted once the
# backend answers (history on the first start only; live events every 20 s).
# DEMO=0 skips the demo.
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
bash scripts/setup.sh
export DEPLOYMENTS_API_KEY="${DEPLOYMENTS_API_KEY:-local-dev-key}"
echo "==> Ingest key for this run: DEPLOYMENTS_API_KEY=$DEPLOYMENTS_API_KEY"
mkdir -p data

if [ "${DEMO:-1}" != "0" ]; then
  (
    for _ in $(seq 1 180); do
      curl -fsS localhost:7007/api/deployments/health >/dev/null 2>&1 && break
      sleep 1
    done
    yarn demo --skip-history-if "$REPO_ROOT/data/.demo-seeded"
  ) &
  demo_pid=$!
  trap 'kill $demo_pid 2>/dev/null' EXIT
fi

yarn start
