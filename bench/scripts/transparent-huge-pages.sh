#!/bin/bash
# Would huge pages help training? The engine's off-heap blocks (ByteBuffer.allocateDirect) get transparent huge pages
# only when the system's setting is "always" (this machine's is "madvise", and nothing in the engine madvises), so
# this flips the setting (root) between runs of bench train, alternating, and puts it back at the end. An upper bound
# on what madvise(MADV_HUGEPAGE) on the engine's blocks could give (the heap and the emulator get them too).
# usage: bench/scripts/transparent-huge-pages.sh [JAR] [ROUNDS]
JAR=${1:-engine/target/engine.jar}; ROUNDS=${2:-2}
J="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector"
THP=/sys/kernel/mm/transparent_hugepage/enabled
BEFORE=$(sed 's/.*\[\(.*\)\].*/\1/' $THP)
trap 'echo $BEFORE > $THP' EXIT
for round in $(seq $ROUNDS); do for mode in madvise always; do
  echo $mode > $THP
  echo "=== round $round, transparent huge pages: $(cat $THP), $(date +%T)"
  $J -jar $JAR bench train --game breakout --threads 2 --rom-dir ${ROM_DIR:-../shared/roms} --warm-up 10 --measure 25 --env-seconds 6 > /tmp/thp-run.log 2>&1 &
  sleep 40; echo "  (40 s in: $(grep AnonHugePages /proc/meminfo))"
  wait; grep -v '^WARNING' /tmp/thp-run.log
done; done
