#!/usr/bin/env bash
# End-to-end pipeline benchmark: starts the server jar (H2 in a temp folder) with 1 and then 2 in-process workers,
# pushes BraTS-size phantom studies (4 x 155 slices of 240x240) over DICOM and prints one JSON line per run.
# Build first: ./mvnw -B -pl server -am install -DskipTests. Options: SIZE=240x155 BATCH=3 HTTP_PORT=18080 DICOM_PORT=11199
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$repo/server/target/neurofhir-server.jar"
cr="$repo/camel-routes"
[[ -f "$jar" && -f "$cr/target/classpath.txt" ]] || { echo "build first: ./mvnw -B -pl server -am install -DskipTests" >&2; exit 2; }
SIZE="${SIZE:-240x155}"; BATCH="${BATCH:-3}"; HTTP_PORT="${HTTP_PORT:-18080}"; DICOM_PORT="${DICOM_PORT:-11199}"
work="$(mktemp -d)"; trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
for workers in 1 2; do
  (cd "$work" && exec java -Xmx3g -jar "$jar" --server.port="$HTTP_PORT" \
    --spring.datasource.url="jdbc:h2:file:$work/db-$workers/neurofhir" \
    --neurofhir.dicom.port="$DICOM_PORT" --neurofhir.dicom.storage-root="$work/dicom-$workers" \
    --neurofhir.dicom.series-quiet-period=2s --neurofhir.pipeline.workers="$workers" \
    --neurofhir.pipeline.models-dir="${NEUROFHIR_MODELS_DIR:-$repo/models}" \
    --neurofhir.security.issuer="http://localhost:$HTTP_PORT" --neurofhir.users.initial-admin-password=bench-admin-1 \
    --neurofhir.security.clients[0].client-id=bench --neurofhir.security.clients[0].secret='{noop}bench' \
    --neurofhir.security.clients[0].grant-types[0]=client_credentials \
    --neurofhir.security.clients[0].scopes[0]='system/*.cruds' --neurofhir.security.clients[0].roles[0]=admin \
    --logging.level.root=WARN --logging.level.org.neurofhir.pipeline=INFO > "$work/server-$workers.log" 2>&1) &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://localhost:$HTTP_PORT/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1
  done
  java -Xmx2g -cp "$cr/target/classes:$(cat "$cr/target/classpath.txt")" org.neurofhir.pipeline.demo.PipelineBench \
    --base "http://localhost:$HTTP_PORT" --dicom-port "$DICOM_PORT" --size "$SIZE" --batch "$BATCH" \
    --label "workers=$workers" 2>>"$work/bench.err" || { echo "bench failed; server log:" >&2; tail -40 "$work/server-$workers.log" >&2; exit 1; }
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; unset server_pid
done
