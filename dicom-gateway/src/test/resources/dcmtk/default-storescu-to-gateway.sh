#!/usr/bin/env bash
# Runs inside `unshare -n` (private network namespace, loopback only, so the kernel's TCP counters
# are ours alone): starts our gateway (StandaloneGateway, its own JVM), sends a folder with DCMTK
# storescu at its default socket settings (Nagle on: TCP_NODELAY unset), and prints how many ACKs
# the namespace's TCP stack sent only because its delayed-ACK timer ran out
# (TcpExt DelayedACKs in /proc/net/netstat), as "DELAYED_ACKS n".
# Usage: default-storescu-to-gateway.sh WORKDIR JAVA CLASSPATH JDBC_URL STUDY_DIR
set -euo pipefail
work="$1"; java="$2"; cp="$3"; jdbc="$4"; study_dir="$5"
ip link set lo up 2>/dev/null || ifconfig lo up
unset TCP_NODELAY

gw=""
stop() { if [ -n "$gw" ]; then kill -TERM "$gw" 2>/dev/null || true; wait "$gw" 2>/dev/null || true; fi; }
trap stop EXIT

"$java" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$cp" org.neurofhir.dicom.StandaloneGateway "$work/gw" "$jdbc" 11112 >"$work/gateway.log" 2>&1 &
gw=$!
for _ in $(seq 1 600); do
  grep -q '^LISTENING' "$work/gateway.log" && break
  kill -0 "$gw" 2>/dev/null || { echo "gateway exited: $(tail -20 "$work/gateway.log")" >&2; exit 1; }
  sleep 0.1
done
grep -q '^LISTENING' "$work/gateway.log" || { echo "gateway did not start within 60 s" >&2; exit 1; }

delayed_acks() {
  awk '/^TcpExt:/ { if (!n) { for (i = 1; i <= NF; i++) col[$i] = i; n = 1 } else print $col["DelayedACKs"] }' /proc/net/netstat
}
before="$(delayed_acks)"
storescu -aec NEUROFHIR -aet STORESCU +sd +r 127.0.0.1 11112 "$study_dir" >"$work/storescu.log" 2>&1 \
  || { cat "$work/storescu.log" >&2; exit 1; }
after="$(delayed_acks)"
echo "DELAYED_ACKS $((after - before))"
