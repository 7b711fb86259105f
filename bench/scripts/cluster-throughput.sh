#!/bin/bash
# Issue 11: a learner and 2 worker JVMs of 1 thread each against one JVM of 2 threads, Breakout ff, this machine,
# loopback; alternated, nothing else running. Training frames/s over a window after warm-up (from each run's
# metrics.csv: the learner's for the cluster), the learner's CPU share over that window, its MB/s, and raw ALE
# frames/s on 2 threads in the same sitting (bench env) for the ratio; also the workers' CPU and the machine's idle
# share over the same window (idle CPU on a saturated run means a thread waits).
# usage: bench/scripts/cluster-throughput.sh [JAR] [SECONDS] [WARMUP] [ROUNDS] [SYNC_MS[:CLUSTER_JAR]...]
# (a CLUSTER_JAR runs that cluster with another jar than JAR's one-JVM runs: two versions in one sitting)
# K=4 in the environment plays that many games a worker in every run of the sitting (default 1, the runs of RESULTS.md)
JAR=${1:-engine/target/engine.jar}; SECONDS_RUN=${2:-120}; WARM=${3:-40}; ROUNDS=${4:-2}; shift $(( $# < 4 ? $# : 4 )); SYNCS=${*:-100}
K=${K:-1}
J="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector"
export ALE_ROM_DIR=${ALE_ROM_DIR:-../shared/roms}
TMP=$(mktemp -d)
RUNS=0
rate() { # frames/s from metrics.csv between the first row at >= WARM seconds and the last row
  awk -F, -v w="$WARM" 'NR>1 && $2>=w { if (!s) { s=$2; f=$1 } ; S=$2; F=$1 } END { if (S>s) printf "%.0f", (F-f)/(S-s); else print "n/a" }' "$1/metrics.csv"
}
cpu() { awk '{ print $14 + $15 }' /proc/$1/stat; } # utime + stime in clock ticks
idle() { awk '/^cpu / { print $5 + $6 }' /proc/stat; } # idle + iowait of all cores, in clock ticks
TCK=$(getconf CLK_TCK)
idle_share() { echo "($I1 - $I0) / $TCK / ($T1 - $T0) / $(nproc) * 100" | bc -l | xargs printf "%.1f"; } # of the machine, T0..T1
single() {
  $J -jar $JAR train --game breakout --threads 2 --envs-per-worker $K --seconds $SECONDS_RUN --eval-every 0 --tensorboard false --progress-every 5 --run-dir $TMP/single-$1 > $TMP/single-$1.log 2>&1 &
  sleep $WARM; I0=$(idle); T0=$(date +%s.%N)
  sleep $((SECONDS_RUN - WARM - 10)); I1=$(idle); T1=$(date +%s.%N)
  wait
  SINGLE=$(rate $TMP/single-$1)
  echo "single JVM, 2 threads: $SINGLE frames/s; machine idle $(idle_share)%"
}
cluster() { # sync-ms[:jar]
  local ms=${1%%:*} jar=$JAR; [[ $1 == *:* ]] && jar=${1#*:}
  PORT=$((25600 + RUNS++)) # a port of its own for every cluster run of the sitting
  $J -jar $jar train --game breakout --envs-per-worker $K --seconds $SECONDS_RUN --eval-every 0 --tensorboard false --progress-every 5 --cluster learner --bind 127.0.0.1:$PORT --run-dir $TMP/learner-$PORT > $TMP/learner-$PORT.log 2>&1 &
  L=$!
  sleep 2
  for w in 1 2; do $J -jar $jar train --cluster worker --join 127.0.0.1:$PORT --threads 1 --sync-ms $ms --progress-every 5 --run-dir $TMP/w$w-$PORT > $TMP/w$w-$PORT.log 2>&1 & done
  sleep $WARM; C0=$(cpu $L); T0=$(date +%s.%N); I0=$(idle)
  W=$(pgrep -f -- "--join 127.0.0.1:$PORT" | tr '\n' ' '); WC0=0; for p in $W; do WC0=$((WC0 + $(cpu $p))); done
  sleep $((SECONDS_RUN - WARM - 10)); C1=$(cpu $L); T1=$(date +%s.%N); I1=$(idle)
  WC1=0; for p in $W; do WC1=$((WC1 + $(cpu $p))); done
  wait
  MB=$(awk -F, -v w="$WARM" 'NR==1 { for (i=1;i<=NF;i++) if ($i=="mb_per_s") c=i } NR>1 && $2>=w && $c!="" { s+=$c; n++ } END { printf "%.1f", s/n }' $TMP/learner-$PORT/metrics.csv)
  R=$(rate $TMP/learner-$PORT)
  echo "cluster ($jar), learner + 2 workers x 1 thread, --sync-ms $ms: $R frames/s ($(echo "$R / $SINGLE * 100" | bc -l | xargs printf "%.1f")% of the round's one JVM); learner CPU $(echo "($C1 - $C0) / $TCK / ($T1 - $T0) * 100" | bc -l | xargs printf "%.1f")% of a core; the 2 workers $(echo "($WC1 - $WC0) / $TCK / ($T1 - $T0) * 100" | bc -l | xargs printf "%.1f")% of a core; machine idle $(idle_share)%; $MB MB/s"
}
$J -jar $JAR bench env --game breakout --threads 2 --seconds 15 2>&1 | grep -v WARN
for round in $(seq $ROUNDS); do single $round; for ms in $SYNCS; do cluster $ms; done; done
single last # the host's speed drifts within a sitting: read each cluster run against the one-JVM runs on either side
$J -jar $JAR bench env --game breakout --threads 2 --seconds 15 2>&1 | grep -v WARN
rm -rf $TMP
