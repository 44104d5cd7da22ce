#!/usr/bin/env bash
# Starts Orthanc (Debian package) in the background in the current network namespace, with its
# storage, index and configuration under WORKDIR; waits until its REST API answers; prints its pid.
# Orthanc listens on every interface (no bind-address option), so callers run this inside a
# private network namespace (unshare -n) where only loopback exists.
# Usage: start-orthanc.sh WORKDIR [GATEWAY_AE GATEWAY_PORT]
set -euo pipefail
work="$1"; gw_ae="${2:-NEUROFHIR}"; gw_port="${3:-11112}"
mkdir -p "$work/storage"
cat > "$work/orthanc.json" <<JSON
{
  "Name": "neurofhir-test",
  "StorageDirectory": "$work/storage",
  "IndexDirectory": "$work/storage",
  "DicomAet": "ORTHANC",
  "DicomPort": 4242,
  "HttpPort": 8042,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomCheckCalledAet": false,
  "Plugins": [],
  "DicomModalities": { "neurofhir": [ "$gw_ae", "127.0.0.1", $gw_port ] }
}
JSON
# DCMTK inside Orthanc reads TCP_NODELAY from the environment, as storescu does; it is left as the
# caller has it (tests: unset, DCMTK's default; the benchmark runs both ways).
Orthanc "$work/orthanc.json" >"$work/orthanc.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if curl -sf http://127.0.0.1:8042/system >/dev/null 2>&1; then echo "$pid"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || { echo "Orthanc exited: $(tail -5 "$work/orthanc.log")" >&2; exit 1; }
  sleep 0.1
done
echo "Orthanc did not answer on 8042 within 10 s" >&2
kill "$pid"
exit 1
