#!/bin/bash
# The kernels whose reductions and exponentials were made the same interpreted and compiled, before and after,
# alternated twice on a quiet machine (JMH --quick), then UpdateProfile for ff and lstm.
# Usage: bench/scripts/deterministic-kernels.sh DIR  (DIR holds bench-before.jar and bench-after.jar)
set -u
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
cd "$1"
for round in 1 2; do
  for v in before after; do
    echo "=== JMH $v round $round $(date +%T)"
    $J --add-modules jdk.incubator.vector -jar bench-$v.jar --quick \
       --include 'SoftmaxBench|LstmBench|EluBench|DenseBench.backwardInput|ClipBench' 2>&1 | grep -v WARNING
  done
done
for net in ff lstm; do
  for round in 1 2; do
    for v in before after; do
      echo "=== UpdateProfile $net $v round $round $(date +%T)"
      $J --add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
         -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 -cp bench-$v.jar a3c.bench.UpdateProfile $net 12 2>&1 | grep -v WARNING
    done
  done
done
