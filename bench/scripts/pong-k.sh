#!/bin/bash
# pong-k.sh ENGINE_JAR ROUNDS: `bench train --game pong` at K = 1, 4 and 16 games a worker in turn, ROUNDS times (nothing
# else running); prints each run's training over raw ALE and its collections
set -u
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROMS=${ALE_ROM_DIR:-$(cd "$(dirname "$0")/../../../shared/roms" && pwd)}
JAR=$1 rounds=$2
for round in $(seq 1 "$rounds"); do
  for k in 1 4 16; do
    out=$($J --add-modules jdk.incubator.vector -jar "$JAR" bench train --game pong --threads 2 --envs-per-worker $k \
      --warm-up 10 --measure 25 --env-seconds 6 --rom-dir "$ROMS" 2>&1)
    echo "round $round K=$k: $(echo "$out" | grep -E 'training / raw ALE|garbage' | tr -s ' ' | paste -sd'|')"
  done
done
