#!/usr/bin/env bash
# Every benchmark at a tiny size, so they cannot rot; CI runs this. The full
# sizes are run by hand (docs/benchmarks.md says how) — not on a shared CI box.
set -euo pipefail
cd "$(dirname "$0")"
bash run.sh ingest --db both --seconds 2 --concurrency 4
bash run.sh reads --events 4000 --requests 20
bash run.sh stream --clients 50 --frames 3
bash run.sh metrics --events 4000 --requests 5
