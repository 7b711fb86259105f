#!/usr/bin/env bash
# Usage: docs/results/collect.sh RUN_DIR NAME [ENGINE_JAR]
# Copies what docs/results keeps of a run into docs/results/NAME/: config, eval.csv (when it evaluated),
# a metrics.csv excerpt (one row every 500k frames and the last), the milestones (milestones.sh) and
# the curve (engine.jar plot). The run's own files are left as they are.
set -euo pipefail
run="$1"; name="$2"; jar="${3:-engine/target/engine.jar}"
here="$(cd "$(dirname "$0")" && pwd)"; out="$here/$name"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
mkdir -p "$out"
cp "$run/config" "$out/config"
[[ -f "$run/eval.csv" ]] && cp "$run/eval.csv" "$out/eval.csv"
awk -F, 'NR == 1 { print; next } { last = $0 } $1 >= next_at { print; next_at = $1 + 500000; printed = $0 }
         END { if (last != printed) print last }' "$run/metrics.csv" > "$out/metrics-excerpt.csv"
"$here/milestones.sh" "$run" 15 18 > "$out/milestones.txt"
"$java" --add-modules jdk.incubator.vector -jar "$jar" plot --run-dir "$run" --out "$out/curve.png" 2>/dev/null
