#!/usr/bin/env bash
# Fresh machine: install what running Viit needs (no test tools), index the bundled
# sample register and start the app on http://localhost:8501 (VIIT_PORT to change it).
# Prints how long each step took; README gives the figures measured on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
bash scripts/install.sh
echo "demo: installed in $((SECONDS - start)) s" >&2
export VIIT_INDEX=${VIIT_INDEX:-$PWD/viit-index}
step=$SECONDS
.venv/bin/viit index sample_register
echo "demo: sample register indexed in $((SECONDS - step)) s; $((SECONDS - start)) s so far" >&2
exec .venv/bin/viit serve --port "${VIIT_PORT:-8501}"
