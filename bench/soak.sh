#!/usr/bin/env bash
# Soak: the service alone in its own JVM (-Xmx512m, default settings, every route on) under a steady feed of orders;
# prints its heap after collections, GC share and the data's freshness every minute. Arguments: minutes=10 rate=22000 heap=512m report=60
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bi.ingest.bench.SoakBenchmark -Dbench.args="$*"
