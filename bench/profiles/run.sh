#!/usr/bin/env bash
# Cost of FHIR profile enforcement (fhir-profiles module). Prints one JSON object on stdout.
# Usage: bench/profiles/run.sh [validations=300] [httpRequests=1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl fhir-profiles test-compile >&2
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -B -q -pl fhir-profiles dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
exec nice java -Xmx1g -cp "fhir-profiles/target/test-classes:fhir-profiles/target/classes:$(cat "$CP_FILE")" \
  org.neurofhir.profiles.enforcement.EnforcementBench "$@" 2>/dev/null
