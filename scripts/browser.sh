#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (Playwright never downloads a browser here).
set -eu
[ -x /usr/bin/chromium ] && exit 0
echo "Installing Debian's chromium for the browser tests"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
