#!/usr/bin/env bash
# The service's own per-order CPU (parse, validate, build rows, write Stream Load JSON) on one thread.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bi.ingest.bench.NormalizeBenchmark -Dbench.args="$*"
