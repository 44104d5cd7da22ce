#!/usr/bin/env bash
# Added latency of security (bearer-token check + HAPI authorization + audit outbox insert) on a Patient read.
# Starts the server jar twice on a fresh H2 database: once as shipped (security on, token from /oauth2/token),
# once with the insecure-benchmark profile (no token check, no authorization, no audit), and reads the same
# Patient sequentially from one connection. Prints one JSON object on stdout.
# Usage: bench/security/run.sh [reads=3000] [warmup=1500]
# BENCH_JAR (server jar) and BENCH_EXTRA_ARGS (more --key=value server arguments, both runs) are honoured.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../fhir/server.sh
source "$here/../fhir/server.sh"
reads="${1:-3000}"
warmup="${2:-1500}"
export BENCH_PORT="${BENCH_PORT:-18090}"
port="$BENCH_PORT"
base="http://127.0.0.1:$port/fhir"
ensure_jar

measure() { # $1 = label, $2 = extra server args
  BENCH_SERVER_ARGS="$2 ${BENCH_EXTRA_ARGS:-}" start_server "$(BENCH_TAG=security- fresh_db_url "$1" h2)" >&2
  local token_url=""
  [[ "$1" == on ]] && token_url="http://127.0.0.1:$port/oauth2/token"
  java -Xmx256m "$here/SecurityBench.java" "$base" "$reads" "$warmup" "$token_url"
  stop_server
}

on=$(measure on "")
off=$(measure off "--spring.profiles.active=insecure-benchmark")
java "$here/SecurityBench.java" --compare "$on" "$off" "$(load_average)"
