#!/usr/bin/env bash
# DICOM store benchmark: DCMTK storescu -> gateway SCP (fsync on, H2 index), with storescu's
# default socket settings (Nagle on) and with TCP_NODELAY=1; where Orthanc and unshare -n work,
# Orthanc receives the same files in the same run, in both modes (orthanc-store.sh), and the JSON
# carries the ratio. Builds with -am into target/ only (never `install`: ~/.m2 is shared).
# Usage: bench/dicom/run.sh [images at 240x240 (620)] [images at 512x512 (300)] [fsync (true)]. Prints JSON.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
command -v storescu >/dev/null || { echo '{"error":"storescu not found: apt-get install dcmtk"}'; exit 1; }
./mvnw -B -q -pl dicom-gateway -am test-compile >&2
cp="dicom-gateway/target/classes:dicom-gateway/target/test-classes:$(cat dicom-gateway/target/test-classpath.txt)"
# Each mode sets TCP_NODELAY for its own peers; nothing inherited from the caller.
unset TCP_NODELAY
java -Xmx1g -Dbench.orthanc.script=bench/dicom/orthanc-store.sh -Dlogback.configurationFile=bench/dicom/logback-quiet.xml -cp "$cp" org.neurofhir.dicom.bench.StoreBenchmark "${1:-620}" "${2:-300}" "${3:-true}"
