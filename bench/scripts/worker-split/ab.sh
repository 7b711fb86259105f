#!/bin/bash
# ab.sh A.jar B.jar ROUNDS [TRAINED_RUN_DIR]: jars built by build.sh, alternated, nothing else running.
# Each round: `bench train` (Breakout, ff, 2 threads, the default games a worker: 4 when these logs were taken, 16 since
# 2026-12-07; a fresh network) with A, then
# with B; with TRAINED_RUN_DIR, then 80 s of `train --resume` on a copy of that run with A, then with B (a trained
# network's activations). Logs: ab-{bench,trained}-{a,b}-ROUND.log here; read them with split.py.
set -u
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
A=$(realpath "$1") B=$(realpath "$2") ROUNDS=$3 TRAINED=${4:-}
ROMS=${ALE_ROM_DIR:-/work/shared/roms}
cd "$(dirname "$0")"
for round in $(seq 1 "$ROUNDS"); do
  for v in a b; do
    jar=$A; [[ $v == b ]] && jar=$B
    $J --add-modules jdk.incubator.vector -jar "$jar" bench train --game breakout --threads 2 --warm-up 10 --measure 25 \
      --env-seconds 6 --rom-dir "$ROMS" > ab-bench-$v-$round.log 2>&1
    if [[ -n $TRAINED ]]; then
      rm -rf /tmp/worker-split-run && cp -r "$TRAINED" /tmp/worker-split-run
      timeout 80 $J --add-modules jdk.incubator.vector -jar "$jar" train --resume --run-dir /tmp/worker-split-run --frames 1G \
        --eval-every 0 --rom-dir "$ROMS" > ab-trained-$v-$round.log 2>&1
    fi
  done
done
rm -rf /tmp/worker-split-run
