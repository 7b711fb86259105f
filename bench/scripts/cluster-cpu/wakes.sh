#!/bin/bash
# usage: wakes.sh PORT  (JAR, EXTRA: JVM options for all three JVMs, S0/S1: the window in seconds, SYNC: --sync-ms)
# A cluster run (learner + 2 workers of 1 thread, Breakout ff, defaults) and, over [S0, S0+S1] s, every thread of the
# three JVMs by node and name (numbers folded): % of a core, voluntary (wake-ups) and involuntary switches a second;
# then the learner's syncs/s. (Its logs before thread_rows came to common.sh read the CPU of a thread whose name holds a
# space, "C2 CompilerThread0", as utime alone.)
source "$(dirname "$0")/common.sh"
PORT=$1; D=/tmp/cl/w-$PORT; rm -rf $D; mkdir -p $D
start_cluster $PORT $((S0 + S1 + 30)) $D
sleep $S0
snap() { thread_rows $L learner; for w in $W; do thread_rows $w worker; done; }
snap > $D/s0; T0=$(date +%s.%N); sleep $S1; snap > $D/s1; T1=$(date +%s.%N)
DT=$(echo "$T1 - $T0" | bc -l)
echo "sync ${SYNC:-100}: frames/s $(window_rate $D/learner/metrics.csv); per thread kind: % of a core, voluntary and involuntary switches/s"
awk -F'\t' -v tck=$(getconf CLK_TCK) -v dt=$DT 'FNR==NR { c[$1]+=$2; v[$1]+=$3; n[$1]+=$4; next } { C[$1]+=$2; V[$1]+=$3; N[$1]+=$4 } END { for (k in C) printf "  %-40s %6.1f %8.0f %8.0f\n", k, (C[k]-c[k])/tck/dt*100, (V[k]-v[k])/dt, (N[k]-n[k])/dt }' $D/s0 $D/s1 | sort
wait
echo "learner syncs/s $(window_syncs $D/learner/metrics.csv)"
