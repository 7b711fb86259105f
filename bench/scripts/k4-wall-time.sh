#!/bin/bash
# Issue 13, "in less wall time": K = 1 (given as --envs-per-worker 1 since K = 4 became the default), then K = 4 with the rate scaled by √4, then K = 1 again (A-B-A), Pong, 20M
# frames each, one after the other on one jar; run with nothing else on the machine. Each run's wall time is on
# its log's last line ("done ...: 20.00M frames in H:MM:SS, N frames/s").
# usage: bench/scripts/k4-wall-time.sh [JAR] [SEED] [OUT_DIR]
JAR=${1:-engine/target/engine.jar}; SEED=${2:-4}; OUT=${3:-runs}
J="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector"
export ALE_ROM_DIR=${ALE_ROM_DIR:-../shared/roms}
mkdir -p "$OUT"
$J -jar "$JAR" train --game pong --seed "$SEED" --envs-per-worker 1 --run-dir "$OUT/pong-k1-s$SEED" > "$OUT/pong-k1-s$SEED.log" 2>&1
$J -jar "$JAR" train --game pong --seed "$SEED" --envs-per-worker 4 --lr 6e-4 --run-dir "$OUT/pong-k4-s$SEED" > "$OUT/pong-k4-s$SEED.log" 2>&1
$J -jar "$JAR" train --game pong --seed "$SEED" --envs-per-worker 1 --run-dir "$OUT/pong-k1-s$SEED-again" > "$OUT/pong-k1-s$SEED-again.log" 2>&1
tail -qn 1 "$OUT/pong-k1-s$SEED.log" "$OUT/pong-k4-s$SEED.log" "$OUT/pong-k1-s$SEED-again.log"
