#!/usr/bin/env bash
# Headless Chromium for the dashboard browser test (test/e2e/dashboard.test.ts), from Debian's
# `chromium` package. Idempotent; needs root. The test skips with a message when this cannot run.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: /usr/bin/chromium is missing and installing it needs root (apt-get install chromium)" >&2
  exit 1
fi
echo "install-chromium: installing chromium (Debian package) for the dashboard browser test"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
/usr/bin/chromium --version
