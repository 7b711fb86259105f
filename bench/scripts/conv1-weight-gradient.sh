#!/bin/bash
PIDS=$(pgrep -f "engine-fdae7d5.jar train")
kill -STOP $PIDS; sleep 1
trap 'kill -CONT $PIDS' EXIT
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cd "${JARS:-/work/sweep}"  # bench-before.jar (e3b0ea7+UpdateProfile --batch) and bench-after.jar
for round in 1 2; do for jar in after before; do
  echo "=== JMH $jar round $round $(date +%T)"
  $J --add-modules jdk.incubator.vector -jar bench-$jar.jar --quick --include 'ConvBench.backwardParams' --markdown conv-$jar-$round.md 2>&1 | grep -v WARN | grep "peak\|84x84x4\|84x84x1"
done; done
for k in 1 8; do for jar in after before; do
  echo "=== UpdateProfile $jar K $k"
  $J --add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 -cp bench-$jar.jar a3c.bench.UpdateProfile ff 8 --batch $k 2>&1 | grep -v WARN | head -14
done; done
