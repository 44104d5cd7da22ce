#!/usr/bin/env bash
# Prints one JSON object: model load time, s/volume (240×240×155, 4 sequences), slices/s, peak RSS.
# Usage: bench/inference/run.sh [model-id] [runs]   (build first: ./mvnw -B -pl inference-module -am install -DskipTests)
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/inference-module/bin/_classpath.sh"
# -Xmx1g keeps the heap honest so peak RSS reflects what a service needs, not lazy GC.
exec java -Xmx1g "${java_opts[@]}" -cp "$module_cp" "$repo_dir/bench/inference/InferenceBenchmark.java" "$@" \
  2> >(grep -v -E '^(WARNING: All log messages before absl|I0000 )' >&2)
