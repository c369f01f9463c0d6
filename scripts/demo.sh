#!/usr/bin/env bash
# Fresh machine: install what running Viit needs (no test tools), index the bundled
# sample register and start the app on http://localhost:8501 (README: about 3 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export VIIT_INDEX=${VIIT_INDEX:-$PWD/viit-index}
.venv/bin/viit index sample_register
exec .venv/bin/viit serve
