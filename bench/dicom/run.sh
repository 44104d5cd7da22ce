#!/usr/bin/env bash
# DICOM store benchmark: DCMTK storescu (TCP_NODELAY=1) -> gateway SCP (fsync on, H2 index); where
# Orthanc and unshare -n work, Orthanc receives the same files in the same run (orthanc-store.sh)
# and the JSON carries the ratio.
# Usage: bench/dicom/run.sh [images at 128x128 (1000)] [images at 512x512 (300)] [fsync (true)]. Prints JSON.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
command -v storescu >/dev/null || { echo '{"error":"storescu not found: apt-get install dcmtk"}'; exit 1; }
./mvnw -B -q -pl dicom-gateway -am install -DskipTests >&2
./mvnw -B -q -pl dicom-gateway test-compile >&2
cp="dicom-gateway/target/classes:dicom-gateway/target/test-classes:$(cat dicom-gateway/target/test-classpath.txt)"
export TCP_NODELAY=1
java -Xmx1g -Dbench.orthanc.script=bench/dicom/orthanc-store.sh -Dlogback.configurationFile=bench/dicom/logback-quiet.xml -cp "$cp" org.neurofhir.dicom.bench.StoreBenchmark "${1:-1000}" "${2:-300}" "${3:-true}"
