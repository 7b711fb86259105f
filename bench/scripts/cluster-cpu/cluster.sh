#!/bin/bash
# usage: cluster.sh PORT SECONDS  (JAR, EXTRA: JVM options, LEARNER_EXTRA: the learner's only, S0/S1: the window, SYNC: --sync-ms)
# cluster run: learner + 2 workers (Breakout ff, defaults, 100 ms); over [S0, S0+S1] s: training threads' CPU share,
# learner CPU, machine system %, context switches/s, frames/s. EXTRA: JVM options for all three.
source "$(dirname "$0")/common.sh"
PORT=$1; SEC=$2
D=/tmp/cl/r-$PORT; rm -rf $D; mkdir -p $D
start_cluster $PORT $SEC $D
sleep $S0
cpu() { awk '{ print $14 + $15 }' /proc/$1/stat; }
wsum() { local s=0; for p in $W; do s=$((s + $(cpu $p))); done; echo $s; }
st() { head -1 /proc/stat; }
X0=$(awk '/^ctxt/{print $2}' /proc/stat); P0=$(st); TR0=$(worker_ticks $W); LC0=$(cpu $L); WC0=$(wsum); T0=$(date +%s.%N)
sleep $S1
X1=$(awk '/^ctxt/{print $2}' /proc/stat); P1=$(st); TR1=$(worker_ticks $W); LC1=$(cpu $L); WC1=$(wsum); T1=$(date +%s.%N)
wait
TCK=$(getconf CLK_TCK); DT=$(echo "$T1 - $T0" | bc -l)
SYS=$(echo "$P0 $P1" | awk '{t=0; for(i=2;i<=11;i++) t+=$(i+11)-$i; printf "%.1f", 100*($(4+11)-$4)/t}')
FR=$(window_rate $D/learner/metrics.csv)
CORES=$(echo "($TR1-$TR0)/$TCK/$DT" | bc -l)
printf "per training CPU-second %.0f; " $(echo "$FR/$CORES" | bc -l)
printf "frames/s %s; training threads %.1f%% of a core each; workers %.1f%%; learner %.1f%% of a core; system %s%% of the machine; %d context switches/s\n" \
  $FR $(echo "($TR1-$TR0)/$TCK/$DT*50" | bc -l) $(echo "($WC1-$WC0)/$TCK/$DT*100" | bc -l) $(echo "($LC1-$LC0)/$TCK/$DT*100" | bc -l) $SYS $(echo "($X1-$X0)/$DT" | bc)
