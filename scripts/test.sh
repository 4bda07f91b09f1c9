#!/usr/bin/env bash
# Sets everything up and runs every test: type check, lint, unit and
# integration tests (SQLite and the PostgreSQL on 127.0.0.1:5432), and the
# browser end-to-end suite.
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
bash scripts/setup.sh

# Backstage's TestDatabases would start PostgreSQL in Docker when CI is set;
# point it at the local server instead (see docs/development.md).
export BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"

echo "==> yarn tsc"
yarn tsc
echo "==> yarn lint:all"
yarn lint:all
echo "==> yarn test (all workspaces)"
CI=true yarn test --watchAll=false
echo "==> yarn test:e2e"
yarn test:e2e
