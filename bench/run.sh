#!/usr/bin/env bash
# Load-path benchmark: N realistic orders through a real broker into the Stream Load sandbox (count-only mode),
# next to a plain KafkaConsumer on the same topic. Arguments: orders=1000000 partitions=4 consumers=2 batch=10000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="$*"
