#!/bin/bash
# usage: one-thread-two-threads.sh [JAR], from the repository root
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
# one-thread-two-threads.sh: bench train at K = 16 with one thread and with two, alternated three times (issue 13)
for r in 1 2 3; do for t in 1 2; do
out=$($J --add-modules jdk.incubator.vector -jar "${1:-engine/target/engine.jar}" bench train --game breakout --net ff --threads $t --envs-per-worker 16 --warm-up 10 --measure 25 --env-seconds 6 --rom-dir "${ALE_ROM_DIR:-../shared/roms}" 2>&1)
echo "round $r threads $t: $(echo "$out" | grep -E 'training / raw ALE|training / pipeline|garbage|^ *raw ALE:|^ *training:' | tr -s ' ' | tr '\n' ';')"
done; done
