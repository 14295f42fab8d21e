#!/usr/bin/env bash
# Installs what the browser tests and `serve --workers` need from Debian: chromium, CJK and emoji fonts, poppler-utils for PDF checks, nginx. Does nothing when present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || need+=(fonts-noto-color-emoji)  # status lights in tables
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)  # renders the assessment PDF in tests
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)  # serve --workers N: the reverse proxy
# Spark (rollups build --engine spark) runs on Java 17 or newer
java_major=$( (java -version 2>&1 || true) | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || need+=(default-jre-headless)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing ${need[*]} (apt-get)" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
