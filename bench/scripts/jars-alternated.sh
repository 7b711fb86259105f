#!/bin/bash
# jars-alternated.sh ROUNDS K JAR...: `bench train` (Breakout, ff or $NET, 2 threads, K games a worker) with each engine jar in
# turn, ROUNDS times, nothing else running; prints each run's training over raw ALE and over the pipeline, then the
# medians per jar.
set -u
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROMS=${ALE_ROM_DIR:-$(cd "$(dirname "$0")/../../../shared/roms" && pwd)}
rounds=$1 k=$2
shift 2
declare -A raw
for round in $(seq 1 "$rounds"); do
  for jar in "$@"; do
    out=$($J --add-modules jdk.incubator.vector -jar "$jar" bench train --game breakout --net "${NET:-ff}" --threads 2 --envs-per-worker "$k" \
      --warm-up 10 --measure 25 --env-seconds 6 --rom-dir "$ROMS" 2>&1)
    r=$(echo "$out" | awk '/training \/ raw ALE/ {print $NF}')
    p=$(echo "$out" | awk '/training \/ pipeline/ {print $NF}')
    gc=$(echo "$out" | awk '/garbage collections/ {print $(NF-2)}')
    # raw ALE before/after (the report before the emulator phases were interleaved) or over the phases (since)
    ale=$(echo "$out" | grep -o 'raw ALE:\? *[0-9,]*' | awk '{print $NF}' | paste -sd/)
    echo "round $round $(basename "$jar"): training/raw ALE $r, training/pipeline $p, collections $gc (raw ALE $ale)"
    raw[$jar]="${raw[$jar]:-} ${r%\%}"
  done
done
for jar in "$@"; do
  echo "median $(basename "$jar"): $(echo ${raw[$jar]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') % of raw ALE (${raw[$jar]} )"
done
