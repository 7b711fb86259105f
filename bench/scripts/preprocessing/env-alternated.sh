#!/bin/bash
# env-alternated.sh ROUNDS SECONDS JAR...: `bench env` (Breakout, 2 threads: raw ALE and the whole preprocessing pipeline
# in alternating phases) with each engine jar in turn, ROUNDS times, nothing else running; prints each run's pipeline / raw.
set -u
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROMS=${ALE_ROM_DIR:-$(cd "$(dirname "$0")/../../../../shared/roms" && pwd)}
rounds=$1 seconds=$2
shift 2
for round in $(seq 1 "$rounds"); do
  for jar in "$@"; do
    out=$($J --add-modules jdk.incubator.vector -jar "$jar" bench env --game breakout --threads 2 --seconds "$seconds" --rom-dir "$ROMS" 2>&1)
    echo "round $round $(basename "$jar"): $(echo "$out" | grep -E 'raw ALE|pipeline:|pipeline /' | tr -s ' ' | paste -sd';')"
  done
done
