#!/usr/bin/env bash
# Debian packages some tests need: chromium (the report is rendered headless
# and screenshotted) and redis-server (distributed mode starts its own on a
# free 127.0.0.1 port). Installed only when missing and only as root; without
# them those tests are skipped outside CI and fail under CI.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "note: ${missing[*]} not installed (needs root: apt-get install ${missing[*]}); their tests are skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
