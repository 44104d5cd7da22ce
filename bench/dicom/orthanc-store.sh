#!/usr/bin/env bash
# Orthanc as the comparison receiver for the DICOM store benchmark: inside a private network
# namespace (Orthanc cannot bind to loopback only), storescu (one association per folder) sends
# each folder to Orthanc. Orthanc keeps its defaults (SQLite index, SyncStorageArea true). Both
# storescu and Orthanc (DCMTK inside) take TCP_NODELAY from the caller's environment: unset is
# their default (Nagle on), TCP_NODELAY=1 turns it off. The first folder is a warm-up. Prints one
# line per measured folder: RESULT DIR SECONDS.
# Usage: unshare -n bash bench/dicom/orthanc-store.sh WORKDIR WARM_DIR DIR...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$1"; shift
ip link set lo up 2>/dev/null || ifconfig lo up
pid="$(bash "$root/dicom-gateway/src/test/resources/orthanc/start-orthanc.sh" "$work")"
# Orthanc is not our child once start-orthanc.sh returns: poll until it has really gone, so it
# does not compete with whatever runs next.
stop_orthanc() {
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}
trap stop_orthanc EXIT
first=1
for dir in "$@"; do
  t0=$(date +%s.%N)
  storescu -aec ORTHANC +sd +r 127.0.0.1 4242 "$dir" >"$work/storescu.log" 2>&1 || { cat "$work/storescu.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  [ "$first" = 1 ] && { first=0; continue; }
  echo "RESULT $dir $(awk "BEGIN { print $t1 - $t0 }")"
done
echo "STATS $(curl -sf http://127.0.0.1:8042/statistics | tr -d ' \n')"
