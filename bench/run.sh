#!/usr/bin/env bash
# Runs a benchmark script (TypeScript, transpiled on the fly like the backend).
#   bash bench/run.sh ingest --db pg --seconds 30
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO_ROOT"
script="$1"; shift
exec node --require @backstage/cli/config/nodeTransform.cjs "bench/$script.ts" "$@"
