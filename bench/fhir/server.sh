# Sourced by bench/fhir/ingest and bench/fhir/search: starts and stops the server under test.
# BENCH_JAR        server jar (default server/target/neurofhir-server.jar, built if missing)
# BENCH_JAVA_OPTS  JVM flags (default: see bench_java_opts below; -Xmx1g always applies)
# BENCH_SERVER_ARGS extra --key=value arguments for the server
# BENCH_PORT       HTTP port (default 18080)
# BENCH_CDS        "on": run the extracted jar with an AppCDS archive made by server/bin/cds-archive (start-up tuning)
# BENCH_H2_OPTS    extra H2 URL settings, e.g. ";CACHE_SIZE=131072"
# BENCH_TAG        prefix for database names, so that two configurations can be measured side by side
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$root/bench/work/fhir"
port="${BENCH_PORT:-18080}"
base="http://127.0.0.1:$port/fhir"
jar="${BENCH_JAR:-$root/server/target/neurofhir-server.jar}"
mkdir -p "$work"

# The run command measured in server/README.md "Performance".
bench_java_opts() {
  echo "${BENCH_JAVA_OPTS:--Xmx1g}${cds_opts:+ $cds_opts}"
}

ensure_jar() {
  if [[ ! -f "$jar" ]]; then
    (cd "$root" && ./mvnw -B -q -pl server -am install -DskipTests) >&2
  fi
  cds_opts=""
  if [[ "${BENCH_CDS:-off}" == on ]]; then
    local dir
    dir=$(CDS_TRAINING_ARGS="--spring.config.additional-location=file:$root/bench/fhir/bench-server.yaml" \
      "$root/server/bin/cds-archive" "$jar" "$work/cds-$(stat -c '%s' "$jar")")
    jar="$dir/app/$(basename "$jar")"
    cds_opts="-XX:SharedArchiveFile=$dir/app.jsa"
  fi
}

# jdbc URL for a fresh database named $1 on $2 (h2|postgres); the old one is dropped.
fresh_db_url() {
  local name="${BENCH_TAG:-}$1" db="$2"
  case "$db" in
    h2)
      rm -rf "$work/h2-$name"
      echo "jdbc:h2:file:$work/h2-$name/neurofhir;DB_CLOSE_ON_EXIT=FALSE${BENCH_H2_OPTS:-}"
      ;;
    h2mem)
      # The starter's figures in the issue were taken on in-memory H2: this compares like with like (needs a heap
      # that holds the whole database, so not at -Xmx1g).
      echo "jdbc:h2:mem:neurofhir_$name;DB_CLOSE_DELAY=-1${BENCH_H2_OPTS:-}"
      ;;
    postgres)
      dropdb -h 127.0.0.1 -U postgres --if-exists "neurofhir_bench_$name" >&2
      createdb -h 127.0.0.1 -U postgres "neurofhir_bench_$name" >&2
      echo "jdbc:postgresql://127.0.0.1:5432/neurofhir_bench_$name"
      ;;
    *) echo "database must be h2, h2mem or postgres, not '$db'" >&2; return 2 ;;
  esac
}

existing_db_url() {
  local name="${BENCH_TAG:-}$1" db="$2"
  case "$db" in
    h2)
      [[ -d "$work/h2-$name" ]] || { echo "no H2 database $work/h2-$name: run bench/fhir/ingest $db first" >&2; return 1; }
      echo "jdbc:h2:file:$work/h2-$name/neurofhir;DB_CLOSE_ON_EXIT=FALSE${BENCH_H2_OPTS:-}"
      ;;
    postgres)
      psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw "neurofhir_bench_$name" \
        || { echo "no database neurofhir_bench_$name: run bench/fhir/ingest $db first" >&2; return 1; }
      echo "jdbc:postgresql://127.0.0.1:5432/neurofhir_bench_$name"
      ;;
    *) echo "database must be h2 or postgres, not '$db'" >&2; return 2 ;;
  esac
}

# Starts the server on jdbc URL $1; sets server_pid, startup_s and startup_cpu_s (java launch -> first 200 on /fhir/metadata).
start_server() {
  local url="$1" user=sa
  [[ "$url" == jdbc:postgresql:* ]] && user=postgres
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is already in use: set BENCH_PORT" >&2; return 1
  fi
  local log="$work/server-${BENCH_TAG:-}$port-$(date +%Y%m%d-%H%M%S).log"
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2046
  java $(bench_java_opts) -jar "$jar" \
    --server.port="$port" --neurofhir.dicom.enabled=false \
    --spring.datasource.url="$url" --spring.datasource.username="$user" --spring.datasource.password= \
    --spring.config.additional-location="file:$root/bench/fhir/bench-server.yaml" \
    ${BENCH_SERVER_ARGS:-} >"$log" 2>&1 &
  server_pid=$!
  server_log="$log"
  trap stop_server EXIT
  local deadline=$(( $(date +%s) + 300 ))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/metadata")" == 200 ]]; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "server exited during start-up, see $log" >&2; tail -30 "$log" >&2; return 1
    fi
    (( $(date +%s) < deadline )) || { echo "server not up after 300 s, see $log" >&2; return 1; }
    sleep 0.1
  done
  startup_cpu_s=$(cpu_s)
  startup_s=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
}

# CPU seconds (user + system) the server has used so far: on this shared 2-core box wall time swings with other
# people's load, CPU time much less, so both are reported.
cpu_s() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$server_pid/stat"
}

rss_mb() {
  awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$server_pid/status"
}

stop_server() {
  if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    for _ in $(seq 1 300); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2>/dev/null && kill -9 "$server_pid"
  fi
  server_pid=""
}

# The security feature's token endpoint, when the server has one: the bench client is in bench-server.yaml.
token_env() {
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' -u bench:bench-secret -d grant_type=client_credentials \
      "http://127.0.0.1:$port/oauth2/token")" == 200 ]]; then
    export BENCH_TOKEN_URL="http://127.0.0.1:$port/oauth2/token" BENCH_CLIENT_ID=bench BENCH_CLIENT_SECRET=bench-secret
  fi
}

load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# 4 ingest clients can each hold a parsed 86 MB bundle and its parts: 512 MB ran out once the server got faster.
bench_client() {
  java ${BENCH_CLIENT_OPTS:--Xmx2g} "$root/bench/fhir/FhirBench.java" "$@"
}
