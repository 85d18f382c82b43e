#!/usr/bin/env bash
# Debian's Chromium for the browser tests (never a downloaded browser build).
set -uo pipefail
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Memasang chromium dari paket Debian..."
    (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }) \
      || echo "chromium tidak dapat dipasang; tes peramban akan dilewati" >&2
  else
    echo "chromium tidak ada; tes peramban akan dilewati (pasang: apt-get install -y chromium)" >&2
  fi
fi
