#!/usr/bin/env bash
# Fresh machine: install, index the bundled sample register, start the app on :8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export VIIT_INDEX=${VIIT_INDEX:-$PWD/viit-index}
.venv/bin/viit index sample_register
exec .venv/bin/viit serve
