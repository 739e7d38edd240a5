#!/usr/bin/env bash
# normalize.sh of two builds in one JVM, in turn: this checkout against a commit (default HEAD~1), so that both see
# the same drift of the machine's speed. Arguments: [commit] [passes=4] [normalize.sh's arguments, e.g. leke]
set -euo pipefail
cd "$(dirname "$0")/.."
commit=${1:-HEAD~1}
passes=${2:-4}
shift $(( $# < 2 ? $# : 2 ))
base=$(mktemp -d)/base
git worktree add -q --detach "$base" "$commit"
trap 'git worktree remove --force "$base"' EXIT
(cd "$base" && mvn -B -q test-compile)
mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bi.ingest.bench.AbBenchmark -Dbench.args="$base $PWD $passes $*"
