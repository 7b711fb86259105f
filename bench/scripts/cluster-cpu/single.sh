#!/bin/bash
# usage: single.sh SECONDS  (JAR, S0/S1: the window); see alternate.sh
# one JVM of 2 threads (Breakout ff, defaults): frames/s, the training threads' CPU share, frames per training CPU-second, over [S0, S0+S1]
J="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector"
REPO=$(cd "$(dirname "$0")/../../.." && pwd) # the defaults: this checkout's jar, the ROMs in ../shared beside it
JAR=${JAR:-$REPO/engine/target/engine.jar}
export ALE_ROM_DIR=${ALE_ROM_DIR:-$REPO/../shared/roms}
S0=${S0:-40}; S1=${S1:-40}; D=/tmp/cl/single; rm -rf $D
$J -jar $JAR train --game breakout --threads 2 --seconds $1 --eval-every 0 --tensorboard false --progress-every 5 --run-dir $D > /dev/null 2>&1 &
P=$!
sleep $S0
tr() { local s=0; for t in /proc/$P/task/*; do case "$(cat $t/comm)" in a3c-worker*) s=$((s + $(awk '{print $14+$15}' $t/stat)));; esac; done; echo $s; }
TR0=$(tr); T0=$(date +%s.%N); sleep $S1; TR1=$(tr); T1=$(date +%s.%N)
wait
TCK=$(getconf CLK_TCK); DT=$(echo "$T1 - $T0" | bc -l)
FR=$(awk -F, -v w=$S0 -v e=$((S0+S1)) 'NR>1 && $2>=w && $2<=e+1 { if (!s) { s=$2; f=$1 } ; S=$2; F=$1 } END { printf "%.0f", (F-f)/(S-s) }' $D/metrics.csv)
CORES=$(echo "($TR1-$TR0)/$TCK/$DT" | bc -l)
printf "single: frames/s %s; training threads %.1f%% of a core each; %.0f frames per training CPU-second\n" $FR $(echo "$CORES*50" | bc -l) $(echo "$FR/$CORES" | bc -l)
