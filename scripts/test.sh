#!/usr/bin/env bash
# Run the test suite, installing the test tool chain first if it is missing (a venv made
# by demo.sh has only what running Viit needs). Pass pytest options through,
# e.g. `bash scripts/test.sh -m "not slow"` for the quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .venv/.viit-dev ] || bash scripts/install.sh --dev
export HF_HUB_OFFLINE=1
# The install skips byte-compiling (scripts/install.sh); with PYTHONDONTWRITEBYTECODE set
# as well, every test process would compile torch, transformers and scikit-learn again
# (7 s more per process that loads the model). Python writes the modules it imports once.
unset PYTHONDONTWRITEBYTECODE
exec .venv/bin/python -m pytest -q "$@"
