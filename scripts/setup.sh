#!/usr/bin/env bash
# Installs everything the repository needs: Node 22 (if missing) and all packages.
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
echo "==> Node $(node --version), Yarn $(yarn --version)"
echo "==> yarn install"
yarn install --immutable
