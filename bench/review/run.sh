#!/usr/bin/env bash
# $review latency with the illustrated PDF regenerated in the same transaction, over HTTP against the real server
# (the server test context: H2, or PostgreSQL with TEST_POSTGRES_URL / TEST_POSTGRES_USER set), on a report whose
# patient has 5 reviewed prior studies. Prints one JSON object on stdout. Target: amend_p95_ms < 500.
# Usage: bench/review/run.sh [amends=60] [patients=6]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
amends="${1:-60}"
patients="${2:-6}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# the reactor build (no install: it would replace the shared snapshot jars); the bench class is named *Bench so the
# suite never runs it
rm -f "$root"/server/target/review-bench-*.json
(cd "$root" && ./mvnw -B -o -q -pl server -am verify -Dtest=ReviewBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dneurofhir.bench.review=true -Dneurofhir.bench.review.amends="$amends" \
  -Dneurofhir.bench.review.patients="$patients" >"$log" 2>&1) || { tail -50 "$log" >&2; exit 1; }
# one line per database the suite ran on (h2; postgresql too when TEST_POSTGRES_URL is set)
cat "$root"/server/target/review-bench-*.json
