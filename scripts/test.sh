#!/usr/bin/env bash
# Run the test suite, installing the test tool chain first if it is missing (a venv made
# by demo.sh has only what running Viit needs). Pass pytest options through,
# e.g. `bash scripts/test.sh -m "not slow"` for the quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .venv/.viit-dev ] || bash scripts/install.sh --dev
export HF_HUB_OFFLINE=1
exec .venv/bin/python -m pytest -q "$@"
