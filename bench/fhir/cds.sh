#!/usr/bin/env bash
# Start-up tuning: extracts the Spring Boot jar (no nested-jar class loading) and records an AppCDS archive of the
# classes loaded during a training start, so that later starts map them instead of parsing and verifying them.
# Usage: bench/fhir/cds.sh [server jar (server/target/neurofhir-server.jar)] [output dir (bench/work/fhir/cds)]
# Prints the folder holding app/<jar name> (run that jar) and app.jsa (-XX:SharedArchiveFile=).
# The archive is only valid for the exact jar and JVM it was made with: rebuild it whenever either changes
# CDS_TRAINING_ARGS: extra --key=value arguments for the training start.
# (the JVM then says "shared class paths mismatch" and starts without it, slower but correct).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
src="${1:-$root/server/target/neurofhir-server.jar}"
out="${2:-$root/bench/work/fhir/cds}"
[[ -f "$src" ]] || { echo "no jar at $src: build the server first" >&2; exit 1; }
stamp="$(stat -c '%s-%Y' "$src")-$(java -version 2>&1 | head -1 | tr -dc '0-9.')"
if [[ ! -f "$out/app.jsa" || "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]]; then
  rm -rf "$out"
  mkdir -p "$out"
  java -Djarmode=tools -jar "$src" extract --destination "$out/app" >&2
  train="$(mktemp -d)"
  # Training start: full context refresh on a throw-away H2 database, then exit, listing every class it loaded.
  # A static archive is dumped from that list: JDK 17's dynamic archive (-XX:ArchiveClassesAtExit) crashes on
  # this application (SIGSEGV in
  # SystemDictionaryShared::adjust_lambda_proxy_class_dictionary).
  (cd "$train" && java -Xmx1g -XX:ErrorFile="$out/hs_err_%p.log" -XX:DumpLoadedClassList="$out/classes.lst" -Dspring.context.exit=onRefresh \
    -jar "$out/app/$(basename "$src")" --server.port=0 --neurofhir.dicom.enabled=false \
    --spring.datasource.url="jdbc:h2:file:$train/db;DB_CLOSE_ON_EXIT=FALSE" ${CDS_TRAINING_ARGS:-} \
    >"$out/training.log" 2>&1) \
    || { echo "training start failed, see $out/training.log" >&2; rm -rf "$train"; exit 1; }
  rm -rf "$train"
  # Lambda proxies are left out: archiving them crashes JDK 17.0.15 the same way.
  grep -v '^@lambda-proxy' "$out/classes.lst" >"$out/classes-no-lambda.lst"
  java -Xmx1g -Xshare:dump -XX:SharedClassListFile="$out/classes-no-lambda.lst" -XX:SharedArchiveFile="$out/app.jsa" \
    -XX:ErrorFile="$out/hs_err_%p.log" \
    -jar "$out/app/$(basename "$src")" >"$out/dump.log" 2>&1 \
    || { echo "archive dump failed, see $out/dump.log" >&2; exit 1; }
  echo "$stamp" >"$out/stamp"
fi
echo "$out"
