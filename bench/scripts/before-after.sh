#!/bin/bash
# Two builds, alternated, on a quiet machine: bench train (Breakout, ff, 2 threads) and UpdateProfile ff.
# Usage: bench/scripts/before-after.sh DIR  (DIR holds engine-before.jar, engine-after.jar,
#        bench-before.jar, bench-after.jar: each commit's engine/target/engine.jar and bench/target/benchmarks.jar)
set -u
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROMS=$(cd "$(dirname "$0")/../../../shared/roms" && pwd)
cd "$1"
for round in 1 2; do
  for v in before after; do
    echo "=== bench train $v round $round $(date +%T)"
    $J --add-modules jdk.incubator.vector -jar engine-$v.jar bench train --game breakout --net ff --threads 2 --envs-per-worker 1 \
       --warm-up 15 --measure 40 --env-seconds 8 --rom-dir "$ROMS" 2>&1 | grep -v WARNING
  done
done
for round in 1 2; do
  for v in before after; do
    echo "=== UpdateProfile $v round $round $(date +%T)"
    $J --add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
       -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 -cp bench-$v.jar a3c.bench.UpdateProfile ff 12 2>&1 | grep -v WARNING
  done
done
