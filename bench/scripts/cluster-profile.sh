#!/bin/bash
# Issue 11: where a cluster's time goes. A learner and 2 worker JVMs of 1 thread each (Breakout ff, loopback),
# each with JFR (settings=profile) and a GC log, for SECONDS; then the learner's frames/s after 30 s, each JVM's
# humongous allocations and GC pause total, and the learner's hottest frames. Nothing else may run.
# usage: bench/scripts/cluster-profile.sh [JAR] [SECONDS] [OUT_DIR] [SYNC_MS]   (EXTRA="-XX:..." adds JVM flags)
JAR=${1:-engine/target/engine.jar}; S=${2:-70}; OUT=${3:-/tmp/cluster-profile}; MS=${4:-100}
J="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java $EXTRA --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector"
JFR=/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr
export ALE_ROM_DIR=${ALE_ROM_DIR:-../shared/roms}
rm -rf "$OUT"; mkdir -p "$OUT"
$J -XX:StartFlightRecording=filename=$OUT/learner.jfr,settings=profile -Xlog:gc:file=$OUT/learner-gc.log -jar $JAR train --game breakout --envs-per-worker 1 --seconds $S --eval-every 0 --tensorboard false --progress-every 5 --cluster learner --bind 127.0.0.1:25777 --run-dir $OUT/learner > $OUT/learner.log 2>&1 &
sleep 2
for w in 1 2; do $J -XX:StartFlightRecording=filename=$OUT/w$w.jfr,settings=profile -Xlog:gc:file=$OUT/w$w-gc.log -jar $JAR train --cluster worker --join 127.0.0.1:25777 --threads 1 --sync-ms $MS --progress-every 5 --run-dir $OUT/w$w > $OUT/w$w.log 2>&1 & done
wait
awk -F, 'NR>1 && $2>=30 { if (!s) { s=$2; f=$1 } ; S=$2; F=$1 } END { printf "learner: %.0f frames/s after 30 s\n", (F-f)/(S-s) }' $OUT/learner/metrics.csv
for g in learner w1 w2; do
  echo "$g: $(grep -c 'Humongous' $OUT/$g-gc.log) humongous-allocation collections, $(grep 'Pause' $OUT/$g-gc.log | grep -o '[0-9.]*ms$' | awk '{s+=$1; n++} END {printf "%d pauses, %.0f ms", n, s}')"
done
echo "learner's hottest frames (JFR execution samples, top frame):"
$JFR print --events jdk.ExecutionSample --stack-depth 1 $OUT/learner.jfr | grep -A1 'stackTrace = \[' | grep -v 'stackTrace\|--' | sed 's/line:.*//' | sort | uniq -c | sort -rn | head -12
