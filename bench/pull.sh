#!/usr/bin/env bash
# Pull-path benchmark: a backfill of a year of orders from the Jushuitan sandbox (rate limit lifted) through the
# idempotent consumer onto Kafka. Arguments: orders=50000 days=365 mode=backfill; mode=live measures the live pull
# (by row version) of every order changed once instead
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bi.ingest.bench.PullBenchmark -Dbench.args="$*"
