#!/usr/bin/env bash
# SEG + SR creation per study (BraTS grid FLAIR, fsync on, H2 file index): AiResultsBenchmark.
# Builds with -am into target/ only. Usage: bench/dicom/ai-results.sh [runs (5)]. Prints one JSON line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q -pl dicom-gateway -am test-compile >&2
cp="dicom-gateway/target/classes:dicom-gateway/target/test-classes:$(cat dicom-gateway/target/test-classpath.txt)"
java -Xmx1g -Dbench.runs="${1:-5}" -Dlogback.configurationFile=bench/dicom/logback-quiet.xml -cp "$cp" org.neurofhir.dicom.bench.AiResultsBenchmark
