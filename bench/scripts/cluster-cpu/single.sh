#!/bin/bash
# usage: single.sh SECONDS  (JAR, S0/S1: the window); see alternate.sh
# one JVM of 2 threads (Breakout ff, defaults): frames/s, the training threads' CPU share, frames per training CPU-second, over [S0, S0+S1]
source "$(dirname "$0")/common.sh"
D=/tmp/cl/single; rm -rf $D
$J -jar $JAR train --game breakout --threads 2 --seconds $1 --eval-every 0 --tensorboard false --progress-every 5 --run-dir $D > /dev/null 2>&1 &
P=$!
sleep $S0
TR0=$(worker_ticks $P); T0=$(date +%s.%N); sleep $S1; TR1=$(worker_ticks $P); T1=$(date +%s.%N)
wait
TCK=$(getconf CLK_TCK); DT=$(echo "$T1 - $T0" | bc -l)
FR=$(window_rate $D/metrics.csv)
CORES=$(echo "($TR1-$TR0)/$TCK/$DT" | bc -l)
printf "single: frames/s %s; training threads %.1f%% of a core each; %.0f frames per training CPU-second\n" $FR $(echo "$CORES*50" | bc -l) $(echo "$FR/$CORES" | bc -l)
