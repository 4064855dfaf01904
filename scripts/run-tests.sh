#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (JDK 17 and Maven already there) and runs
# every test. CI (.ci/run) calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# Servers and tools the tests need come from Debian's packages.
NEEDED_PACKAGES=(postgresql chromium chromium-driver mosquitto-clients victoria-metrics prometheus haproxy)
missing=()
for p in "${NEEDED_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# A throwaway PostgreSQL server on loopback for the case-store tests: its own cluster in a temporary
# folder, on a free port, stopped and removed when this script ends.
source scripts/test-postgres.sh
start_test_postgres

# The console's browser test drives Debian's headless chromium through chromedriver (Selenium).
export TELEMATICS_REQUIRE_BROWSER=1

# MosquittoClientsTest drives the broker's security with Debian's mosquitto_pub, mosquitto_sub and mosquitto_rr.
export TELEMATICS_REQUIRE_MOSQUITTO=1

# The archive tests start Debian's victoria-metrics (it takes the InfluxDB v2 write API) on loopback themselves.
export TELEMATICS_REQUIRE_VICTORIA=1

# HaproxyRoutingTest and ClusterStackTest run Debian's haproxy on the cluster stack's haproxy.cfg (loopback only).
export TELEMATICS_REQUIRE_HAPROXY=1

# MetricsPromtoolTest runs promtool (Debian's prometheus package) on GET /metrics; no Prometheus server is needed.
export TELEMATICS_REQUIRE_PROMTOOL=1

mvn -B -ntp verify
