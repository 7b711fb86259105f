#!/bin/bash
# usage: wakes.sh PORT  (JAR, EXTRA: JVM options for all three JVMs, S0/S1: the window in seconds, SYNC: --sync-ms)
# A cluster run (learner + 2 workers of 1 thread, Breakout ff, defaults) and, over [S0, S0+S1] s, every thread of the
# three JVMs by node and name (numbers folded): % of a core, voluntary (wake-ups) and involuntary switches a second;
# then the learner's syncs/s. Names with a space ("C2 CompilerThread0") shift /proc's fields by one: their CPU reads as
# utime alone.
source "$(dirname "$0")/common.sh"
PORT=$1; D=/tmp/cl/w-$PORT; rm -rf $D; mkdir -p $D
start_cluster $PORT $((S0 + S1 + 30)) $D
sleep $S0
W=$(pgrep -f -- "--join 127.0.0.1:$PORT" | tr '\n' ' ')
snap() { for p in learner:$L $(for w in $W; do echo worker:$w; done); do for t in /proc/${p#*:}/task/*; do
  printf "%s %s\t%s\t%s\t%s\n" "${p%%:*}" "$(sed 's/[0-9]*$//' $t/comm)" "$(awk '{print $14+$15}' $t/stat)" "$(awk '/^voluntary/{print $2}' $t/status)" "$(awk '/^nonvoluntary/{print $2}' $t/status)"; done; done 2>/dev/null; }
snap > $D/s0; T0=$(date +%s.%N); sleep $S1; snap > $D/s1; T1=$(date +%s.%N)
DT=$(echo "$T1 - $T0" | bc -l)
echo "sync ${SYNC:-100}: frames/s $(window_rate $D/learner/metrics.csv); per thread kind: % of a core, voluntary and involuntary switches/s"
awk -F'\t' -v dt=$DT 'FNR==NR { c[$1]+=$2; v[$1]+=$3; n[$1]+=$4; next } { C[$1]+=$2; V[$1]+=$3; N[$1]+=$4 } END { for (k in C) printf "  %-40s %6.1f %8.0f %8.0f\n", k, (C[k]-c[k])/dt, (V[k]-v[k])/dt, (N[k]-n[k])/dt }' $D/s0 $D/s1 | sort
wait
awk -F, -v w=$S0 -v e=$((S0+S1)) 'NR==1 { for (i=1;i<=NF;i++) if ($i=="syncs_per_s") c=i } NR>1 && $2>=w && $2<=e+1 { s+=$c; n++ } END { printf "learner syncs/s %.2f\n", s/n }' $D/learner/metrics.csv
