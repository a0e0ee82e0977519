#!/bin/sh
# Install Debian's Chromium for the browser tests (never a browser download of Playwright's own).
set -e
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  SUDO=sudo
fi
echo "Installing chromium with apt-get (needed by the browser tests)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium
