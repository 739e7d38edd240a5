#!/usr/bin/env bash
# The service's own per-order CPU (parse, validate, build rows, write the Stream Load bodies) on one thread.
# Arguments: leke (Leke events instead of Jushuitan orders), format=json (JSON bodies instead of CSV), orders=100000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bi.ingest.bench.NormalizeBenchmark -Dbench.args="$*"
