#!/usr/bin/env bash
# Generates the FHIR benchmark workload: Synthea 3.3.0, seed 42, 50 living patients, transaction bundles.
# Usage: bench/fhir/synthea.sh [patients (50)] [seed (42)]
# Output: bench/work/synthea/output/fhir/*.json (hospital*/practitioner* bundles must be loaded first).
# Synthea depends on HAPI 6.x, so it runs in its own JVM from its own lib/ folder, never on our classpath.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
patients="${1:-50}"
seed="${2:-42}"
[[ "$patients" =~ ^[0-9]+$ && "$seed" =~ ^[0-9]+$ ]] || { echo "usage: $0 [patients] [seed] (whole numbers)" >&2; exit 2; }
work="$root/bench/work/synthea"
out="$work/output-p${patients}-s${seed}"
mkdir -p "$work"
if [[ ! -f "$work/lib/.complete" ]]; then
  rm -rf "$work/lib"
  "$root/mvnw" -B -q -f "$root/bench/fhir/synthea-pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$work/lib" -DincludeScope=runtime >&2
  touch "$work/lib/.complete"
fi
if [[ -f "$out/.complete" ]]; then
  echo "already generated: $out/fhir" >&2
else
  rm -rf "$out"
  mkdir -p "$out"
  # -cs (clinician seed) and -r (reference date) make the output reproducible.
  (cd "$work" && nice java -Xmx4g -cp 'lib/*' App -s "$seed" -cs "$seed" -r 20250101 -p "$patients" \
    --exporter.baseDirectory="$out/" \
    --exporter.fhir.export=true --exporter.fhir.transaction_bundle=true \
    --exporter.hospital.fhir.export=true --exporter.practitioner.fhir.export=true \
    --exporter.ccda.export=false --exporter.csv.export=false --exporter.json.export=false \
    --exporter.text.export=false --exporter.cpcds.export=false --exporter.bfd.export=false \
    --exporter.cdw.export=false --exporter.groups.fhir.export=false --exporter.metadata.export=false \
    >"$out/synthea.log" 2>&1) || { echo "synthea failed, see $out/synthea.log" >&2; tail -20 "$out/synthea.log" >&2; exit 1; }
  touch "$out/.complete"
fi
ln -sfn "$(basename "$out")" "$work/current"
files=$(find "$out/fhir" -name '*.json' | wc -l)
bytes=$(du -sb "$out/fhir" | cut -f1)
printf '{"dir":"%s","bundles":%d,"bytes":%d,"patients":%d,"seed":%d}\n' "$out/fhir" "$files" "$bytes" "$patients" "$seed"
