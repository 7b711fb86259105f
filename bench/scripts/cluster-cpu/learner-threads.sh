#!/bin/bash
# usage: learner-threads.sh PORT SECONDS  (JAR, EXTRA: JVM options, LEARNER_EXTRA: the learner's only, S0/S1: the window, SYNC: --sync-ms)
# A cluster run (learner + 2 workers of 1 thread, Breakout ff, defaults) and, over [S0, S0+S1] s, the learner's CPU by
# thread (names with their numbers folded: "GC Thread#0" and "GC Thread#1" count as "GC Thread#"), its syncs/s and the
# run's frames/s: which of the learner's threads a slow run spends its extra CPU in.
source "$(dirname "$0")/common.sh"
PORT=$1; SEC=$2
D=/tmp/cl/t-$PORT; rm -rf $D; mkdir -p $D
start_cluster $PORT $SEC $D
# thread name (digits folded) and utime + stime ticks, one line a thread
threads() { thread_rows $L | cut -f1,2; }
sleep $S0
threads > $D/t0; T0=$(date +%s.%N)
sleep $S1
threads > $D/t1; T1=$(date +%s.%N)
wait
TCK=$(getconf CLK_TCK); DT=$(echo "$T1 - $T0" | bc -l)
echo "frames/s $(window_rate $D/learner/metrics.csv); learner syncs/s $(window_syncs $D/learner/metrics.csv); learner's threads, % of a core:"
awk -F'\t' -v tck=$TCK -v dt=$DT 'FNR==NR { a[$1]+=$2; next } { b[$1]+=$2 } END { for (k in b) { d=(b[k]-a[k])/tck/dt*100; tot+=d; if (d>=0.3) printf "  %-45s %5.1f\n", k, d } printf "  %-45s %5.1f\n", "(all)", tot }' $D/t0 $D/t1 | sort -t$'\t' -k1,1
