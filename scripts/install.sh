#!/usr/bin/env bash
# Install Viit into ./.venv with the exact versions CI tested (requirements.lock).
# torch 2.13.0 (CPU build) goes first, or pip would pull a CUDA build of several GB.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q "torch==2.13.0"
.venv/bin/python -m pip install -q -c requirements.lock -e ".[dev,llm]"
# Browser tests drive Debian's Chromium; no test tool downloads a browser of its own.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -q && apt-get install -y -q chromium chromium-driver) >/dev/null \
      || echo "warning: could not install chromium; browser tests will be skipped" >&2
  fi
fi
echo "Viit installed in .venv"
