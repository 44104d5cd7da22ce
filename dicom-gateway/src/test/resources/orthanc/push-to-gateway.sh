#!/usr/bin/env bash
# Runs inside `unshare -n` (private network namespace, loopback only): starts our gateway
# (StandaloneGateway, its own JVM) and Orthanc side by side, uploads a study to Orthanc over REST,
# has Orthanc push it to the gateway (C-STORE), then stops both. Prints Orthanc's push answer.
# Usage: push-to-gateway.sh WORKDIR JAVA CLASSPATH JDBC_URL STUDY_DIR
set -euo pipefail
work="$1"; java="$2"; cp="$3"; jdbc="$4"; study_dir="$5"
here="$(cd "$(dirname "$0")" && pwd)"
ip link set lo up 2>/dev/null || ifconfig lo up

gw=""; orthanc=""
stop() {
  if [ -n "$orthanc" ] && kill "$orthanc" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$orthanc" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -n "$gw" ]; then kill -TERM "$gw" 2>/dev/null || true; wait "$gw" 2>/dev/null || true; fi
}
trap stop EXIT

"$java" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$cp" org.neurofhir.dicom.StandaloneGateway "$work/gw" "$jdbc" 11112 >"$work/gateway.log" 2>&1 &
gw=$!
for _ in $(seq 1 600); do
  grep -q '^LISTENING' "$work/gateway.log" && break
  kill -0 "$gw" 2>/dev/null || { echo "gateway exited: $(tail -20 "$work/gateway.log")" >&2; exit 1; }
  sleep 0.1
done
grep -q '^LISTENING' "$work/gateway.log" || { echo "gateway did not start within 60 s" >&2; exit 1; }

orthanc="$(bash "$here/start-orthanc.sh" "$work/orthanc" NEUROFHIR 11112)"

find "$study_dir" -type f -name '*.dcm' | sort | while read -r f; do
  curl -sf -o /dev/null --data-binary "@$f" http://127.0.0.1:8042/instances
done
study_id="$(curl -sf http://127.0.0.1:8042/studies | tr -d ' \n[]"')"
case "$study_id" in *,*|'') echo "expected one study in Orthanc, got '$study_id'" >&2; exit 1 ;; esac
curl -sf -X POST http://127.0.0.1:8042/modalities/neurofhir/store \
  -d "{\"Resources\":[\"$study_id\"],\"Synchronous\":true}"
