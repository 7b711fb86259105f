#!/bin/bash
# Issue 11's bar (a learner and 2 worker JVMs of 1 thread each against one JVM of 2 threads, Breakout ff, this
# machine, loopback), measured so that the host's drift cancels, as `bench train` does for issue 13: the one JVM and
# the cluster run side by side, only one of them at a time. Every PHASE seconds the one running is stopped (SIGSTOP,
# all its JVMs) and the other continued (SIGCONT). A run's metrics.csv gets a row a second while it runs and none while
# it is stopped, so its phases are the stretches between the gaps in its seconds column; a phase's rate comes from its
# rows after its first SKIP seconds (cold caches, the sync in flight when it stopped). Each one-JVM phase and the
# cluster phase after it give one ratio: a host that changes speed over minutes moves both sides of it.
# The failure detectors are given a pause of minutes (system properties, this measurement only): a node stopped for a
# phase must not be taken for dead when it wakes.
# usage: bench/scripts/cluster-interleaved/run.sh [JAR] [PAIRS] [PHASE_SECONDS] [WARMUP_SECONDS] [SYNC_MS] [SKIP_SECONDS]
# K=16 in the environment: games a worker in both (default 16, the Atari default with ff since 2026-12-07; the runs
# before that date were at 4). KEEP=PREFIX and FROM=PREFIX: below.
# OTHER=plain in the environment: instead of the cluster, two plain JVMs of 1 thread each (train --threads 1, no
# cluster, no syncs), their phases' rates summed: what splitting the one JVM's two threads into two processes costs alone.
# B="JVM OPTIONS" in the environment: two clusters, A (A="JVM OPTIONS", default none) and B, each node of B started
# with those options (Pekko's settings as -Dpekko...): each round is the one JVM, a cluster, the one JVM, the other
# cluster (A first in odd rounds, B first in even ones), so A and B meet the same host in every round; PAIRS rounds.
# SYNC_B=MS in the environment (with B, which may be empty): B's workers sync every MS ms instead of SYNC_MS.
JAR=${1:-engine/target/engine.jar}; PAIRS=${2:-10}; PHASE=${3:-20}; WARM=${4:-60}; SYNC=${5:-100}; SKIP=${6:-5}
K=${K:-16}; OTHER=${OTHER:-cluster}; A=${A:-}; SYNC_B=${SYNC_B:-$SYNC}
case "$OTHER" in cluster|plain) ;; *) echo "OTHER=$OTHER: use cluster (the default) or plain" >&2; exit 2;; esac
[ -z "${B+x}" ] || [ "$OTHER" = cluster ] || { echo "B= compares two clusters: not with OTHER=$OTHER" >&2; exit 2; }
# each JVM in a session of its own: a stopped JVM in the caller's process group is continued by the kernel (SIGHUP, then
# SIGCONT) when that group is orphaned, as when the command that started this script ends while the one JVM is stopped
J="setsid /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector"
PAUSE="-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=600s -Dpekko.remote.watch-failure-detector.acceptable-heartbeat-pause=600s"
export ALE_ROM_DIR=${ALE_ROM_DIR:-../shared/roms}
TMP=$(mktemp -d)
PORT=${PORT:-25790}
trap 'kill -CONT $SINGLE $CLUSTER $CLUSTER_B 2>/dev/null; kill $SINGLE $CLUSTER $CLUSTER_B 2>/dev/null; wait; rm -rf $TMP' EXIT
common="--game breakout --envs-per-worker $K --frames 2000000000 --eval-every 0 --tensorboard false --progress-every 1"

if [ -n "${FROM:-}" ]; then
  # FROM=PREFIX in the environment: no runs; the pairs of the files that KEEP=PREFIX kept (PREFIX-single.csv or .csv.gz,
  # ...), with the same PAIRS, PHASE, WARM and SKIP (and OTHER, K) as the run that kept them
  for side in single learner learner-b p1 p2; do
    if [ -f $FROM-$side.csv ]; then mkdir -p $TMP/$side; cp $FROM-$side.csv $TMP/$side/metrics.csv
    elif [ -f $FROM-$side.csv.gz ]; then mkdir -p $TMP/$side; zcat $FROM-$side.csv.gz > $TMP/$side/metrics.csv; fi
  done
  [ -f $TMP/single/metrics.csv ] || { echo "FROM=$FROM: no $FROM-single.csv" >&2; exit 2; }
else
  $J -jar $JAR train $common --threads 2 --run-dir $TMP/single > $TMP/single.log 2>&1 &
  SINGLE=$!
  sleep $WARM; kill -STOP $SINGLE
  if [ "$OTHER" = plain ]; then
    CLUSTER=""
    for w in 1 2; do
      $J -jar $JAR train $common --threads 1 --run-dir $TMP/p$w > $TMP/p$w.log 2>&1 &
      CLUSTER="$CLUSTER $!"
    done
  else
    # cluster NAME PORT "JVM OPTIONS" SYNC_MS: a learner and two workers; their pids in PIDS
    cluster() {
      $J $PAUSE $3 -jar $JAR train $common --cluster learner --bind 127.0.0.1:$2 --run-dir $TMP/$1 > $TMP/$1.log 2>&1 &
      PIDS=$!
      sleep 2
      for w in 1 2; do
        $J $PAUSE $3 -jar $JAR train --cluster worker --join 127.0.0.1:$2 --threads 1 --sync-ms $4 --progress-every 1 --run-dir $TMP/$1-w$w > $TMP/$1-w$w.log 2>&1 &
        PIDS="$PIDS $!"
      done
    }
    cluster learner $PORT "$A" $SYNC; CLUSTER=$PIDS
    if [ -n "${B+x}" ]; then # A warms up, then B, each alone
      sleep $WARM; kill -STOP $CLUSTER
      cluster learner-b $((PORT + 1)) "$B" $SYNC_B; CLUSTER_B=$PIDS
    fi
  fi
  sleep $WARM
  if [ -z "${B+x}" ]; then
    for i in $(seq $PAIRS); do
      kill -STOP $CLUSTER; kill -CONT $SINGLE; sleep $PHASE
      kill -STOP $SINGLE; kill -CONT $CLUSTER; sleep $PHASE
    done
    kill -STOP $CLUSTER
  else
    kill -STOP $CLUSTER_B
    for i in $(seq $PAIRS); do
      for first in 1 2; do # the one JVM, then A (odd rounds) or B (even rounds); the one JVM, then the other
        if [ $((first + i % 2)) = 2 ]; then this=$CLUSTER; else this=$CLUSTER_B; fi
        kill -CONT $SINGLE; sleep $PHASE
        kill -STOP $SINGLE; kill -CONT $this; sleep $PHASE; kill -STOP $this
      done
    done
  fi
  # KEEP=PREFIX in the environment: the runs' metrics.csv kept as PREFIX-single.csv and PREFIX-learner.csv (or -p1, -p2)
  if [ -n "${KEEP:-}" ]; then
    cp $TMP/single/metrics.csv $KEEP-single.csv
    if [ "$OTHER" = plain ]; then cp $TMP/p1/metrics.csv $KEEP-p1.csv; cp $TMP/p2/metrics.csv $KEEP-p2.csv; else cp $TMP/learner/metrics.csv $KEEP-learner.csv; fi
    [ -z "${B+x}" ] || cp $TMP/learner-b/metrics.csv $KEEP-learner-b.csv
  fi
fi

# phases: the stretches of rows between the stops, gaps of half a phase or more in the seconds column that begin once
# the warm-up is nearly over; the first stretch, everything before the first stop, is the warm-up. Gaps earlier than
# that do not split: the learner's first rows come with gaps while its workers start and join (1 -> 10 s at four games
# a worker, 1 -> 17 s at sixteen, 2026-12-07). Until then any gap over 3 s split, which made the rest of the cluster's
# warm-up its first phase: every pair was a cluster phase with the one-JVM phase after it, and the first pair the
# warm-up (bench/RESULTS.md, "The interleaved pairs were one phase apart").
phases() {
  awk -F, -v skip="$SKIP" -v gap="$PHASE" -v warm="$WARM" 'NR == 1 { next }
    function flush() { if (n > 0 && ls > fs) printf "%.0f\n", (lf - ff) / (ls - fs); n = 0 }
    { if (NR > 2 && $2 - prev >= gap / 2 && prev >= warm - gap / 2) { flush(); start = $2; seg++ } else if (NR == 2) { start = $2; seg = 0 }
      prev = $2
      if (seg > 0 && $2 >= start + skip) { if (n == 0) { ff = $1; fs = $2 } ; lf = $1; ls = $2; n++ } }
    END { flush() }' "$1/metrics.csv"
}
# each side must show one phase a pair, or the pairs would not be what they say
count() {
  local n want=${3:-$PAIRS}; n=$(wc -l < "$1")
  [ "$n" = "$want" ] || { echo "$2 shows $n phases for $want: a stop not seen, or a stall of half a phase; no ratios" >&2; exit 1; }
}
# median "LABEL" "UNIT" < RATIOS: the median, the count and the range of a file of ratios, one line
median() {
  sort -n | awk -v what="$1" -v unit="$2" '{ r[NR] = $1 } END { if (NR) printf "%s %.1f %% (%d%s, range %.1f-%.1f %%)\n", what, 100 * (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2), NR, unit, 100 * r[1], 100 * r[NR] }'
}
if [ -n "${B+x}" ]; then
  phases $TMP/single > $TMP/single.rates; count $TMP/single.rates "the one JVM" $((2 * PAIRS))
  phases $TMP/learner > $TMP/a.rates; count $TMP/a.rates "cluster A (its learner)"
  phases $TMP/learner-b > $TMP/b.rates; count $TMP/b.rates "cluster B (its learner)"
  echo "one JVM (2 threads) and two clusters (learner + 2 workers x 1 thread) taking turns, Breakout, K=$K, phases of ${PHASE} s (the first ${SKIP} s of each left out), $(nproc) cores"
  echo "A: --sync-ms $SYNC ${A:-(no options)}"; echo "B: --sync-ms $SYNC_B ${B:-(no options)}"
  echo "round  one JVM  A frames/s  A / one  one JVM  B frames/s  B / one  B / A"
  paste -d' ' <(paste -d' ' - - < $TMP/single.rates) $TMP/a.rates $TMP/b.rates | awk -v dir=$TMP '{
      i = ++n; if (i % 2) { sa = $1; sb = $2 } else { sb = $1; sa = $2 }
      printf "%5d  %7d  %10d  %5.1f %%  %7d  %10d  %5.1f %%  %5.3f\n", i, sa, $3, 100 * $3 / sa, sb, $4, 100 * $4 / sb, $4 / $3
      print $3 / sa > dir "/a.ratios"; print $4 / sb > dir "/b.ratios"; print $4 / $3 > dir "/ba.ratios" }'
  median "A / one JVM: median" < $TMP/a.ratios; median "B / one JVM: median" < $TMP/b.ratios
  median "B / A, same round: median" < $TMP/ba.ratios
  for l in learner learner-b; do grep -h "syncs/s" $TMP/$l.log 2>/dev/null | tail -1 | sed "s/^/last $l line: /"; done
  exit 0
fi
phases $TMP/single > $TMP/single.rates; count $TMP/single.rates "the one JVM"
if [ "$OTHER" = plain ]; then
  phases $TMP/p1 > $TMP/p1.rates; phases $TMP/p2 > $TMP/p2.rates; count $TMP/p1.rates "plain JVM 1"; count $TMP/p2.rates "plain JVM 2"
  paste -d' ' $TMP/p1.rates $TMP/p2.rates | awk '{ print $1 + $2 }' > $TMP/cluster.rates
  echo "one JVM (2 threads) and two plain JVMs (1 thread each, no cluster; their rates summed), Breakout, K=$K, phases of ${PHASE} s (the first ${SKIP} s of each left out), $(nproc) cores"
  echo "pair  one JVM frames/s  two JVMs frames/s  two / one JVM"
else
  phases $TMP/learner > $TMP/cluster.rates; count $TMP/cluster.rates "the cluster (its learner)"
  echo "one JVM (2 threads) and cluster (learner + 2 workers x 1 thread, --sync-ms $SYNC), Breakout, K=$K, phases of ${PHASE} s (the first ${SKIP} s of each left out), $(nproc) cores"
  echo "pair  one JVM frames/s  cluster frames/s  cluster / one JVM"
fi
paste -d' ' $TMP/single.rates $TMP/cluster.rates | awk '$1 > 0 && $2 > 0 { r = $2 / $1; printf "%4d  %16d  %16d  %6.1f %%\n", ++n, $1, $2, 100 * r; print r > "/dev/stderr"; s1 += $1; s2 += $2 }
  END { if (n) printf "mean  %16.0f  %16.0f  %6.1f %% (of the means)\n", s1 / n, s2 / n, 100 * s2 / s1 }' 2> $TMP/ratios
median "median of the ratios of the pairs:" " pairs" < $TMP/ratios
[ "$OTHER" = plain ] || [ ! -f $TMP/learner.log ] || grep -h "syncs/s" $TMP/learner.log | tail -1 | sed 's/^/last learner line: /'
