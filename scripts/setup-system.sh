#!/usr/bin/env bash
# System packages the local stack needs beyond npm: Java 17+ for DynamoDB Local.
# Idempotent; installs from Debian only what is missing (needs root, as on CI and dev boxes here).
set -euo pipefail

have_java() { command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; }

if ! have_java; then
  echo "setup-system: installing Java (openjdk-17-jre-headless) for DynamoDB Local"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

# Headless Chromium for the dashboard browser test (skipped with a message when it can't be installed).
if [ -x scripts/install-chromium.sh ] || [ -f scripts/install-chromium.sh ]; then
  bash scripts/install-chromium.sh || echo "setup-system: Chromium unavailable; the dashboard browser test will be skipped"
fi
