#!/usr/bin/env bash
# Install Viit into ./.venv with the exact versions CI tested (requirements.lock).
#
#   bash scripts/install.sh         what running Viit needs: the app, the CLI, the models,
#                                   OCR and PDF tools (the demo uses this)
#   bash scripts/install.sh --dev   also the test tool chain: pytest, ruff, selenium, the
#                                   llm extra (compiles llama.cpp, minutes) and Chromium
#
# torch 2.13.0 (CPU build) goes first, or pip would pull a CUDA build of several GB.
# --no-compile: pip would byte-compile every module of every package (torch, transformers,
# pyarrow ...), which took more than half the install's time; Python compiles the few it
# imports on first use instead.
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=0
[ "${1:-}" = "--dev" ] && DEV=1
PY=${PYTHON:-python3}

# Debian packages the readers call at run time: OCR of scanned pages (Estonian and English),
# PDF tools and old Word documents (.doc). No font package: the app's icons ship with
# Streamlit.
RUNTIME_APT="tesseract-ocr tesseract-ocr-est tesseract-ocr-eng poppler-utils antiword catdoc"
# Browser tests drive Debian's Chromium; no test tool downloads a browser of its own.
DEV_APT="chromium chromium-driver"

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "apt-get install ${missing[*]}" >&2
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends "${missing[@]}") >/dev/null \
      || echo "warning: could not install ${missing[*]}" >&2
  else
    echo "warning: please install ${missing[*]} (apt-get as root)" >&2
  fi
}

if [ "$DEV" = 1 ]; then
  apt_install $RUNTIME_APT $DEV_APT
else
  apt_install $RUNTIME_APT
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
PIP=(.venv/bin/python -m pip install -q --no-compile)
"${PIP[@]}" "torch==2.13.0"
if [ "$DEV" = 1 ]; then
  "${PIP[@]}" -c requirements.lock -e ".[dev,llm]"
  touch .venv/.viit-dev
else
  "${PIP[@]}" -c requirements.lock -e .
fi
# The int8 encoder (index/int8.py) is prepared once here rather than on the first
# `viit index`: 1-2 minutes, from the weights the model package ships, no network.
if [ -f index/int8.py ]; then
  .venv/bin/python -m index.int8 e5-small
fi
echo "Viit installed in .venv$([ "$DEV" = 1 ] && echo ' (with the test tool chain)')"
