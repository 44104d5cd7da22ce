#!/usr/bin/env bash
# Free-slot search (Appointment/$find): 20 practitioners with availability schedules, 10,000 booked appointments,
# one request for all of them over 4 weeks, timed sequentially. Starts the server jar on a fresh H2 database and on a
# fresh PostgreSQL database (127.0.0.1:5432, user postgres) in turn; prints one JSON object per database on stdout.
# Usage: bench/scheduling/run.sh [runs=200] [warmup=50] [databases="h2 postgres"]
# BENCH_JAR (server jar; build it with ./mvnw -pl server -am package -DskipTests) and BENCH_PORT are honoured.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../fhir/server.sh
source "$here/../fhir/server.sh"
runs="${1:-200}"
warmup="${2:-50}"
databases="${3:-h2 postgres}"
export BENCH_PORT="${BENCH_PORT:-18095}"
port="$BENCH_PORT"
base="http://127.0.0.1:$port/fhir"
ensure_jar

for db in $databases; do
  start_server "$(BENCH_TAG=scheduling- fresh_db_url bench "$db")" >&2
  result=$(java -Xmx512m "$here/SchedulingBench.java" "$base" "http://127.0.0.1:$port/oauth2/token" 20 10000 4 \
    "$runs" "$warmup")
  stop_server
  inner="${result#\{}"
  echo "{\"database\":\"$db\",${inner%\}},\"load\":\"$(load_average)\"}"
done
