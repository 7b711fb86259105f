#!/bin/bash
# the bar's table with the interleaved bench train: ff K = 16, 8, 4 three rounds; K = 1, 2, ga3c, lstm K = 4, 8, 16 once
# run from the repository root; the lstm runs at K = 4 and 16 were repeated by hand with --warm-up 20 (lstm-k*-warm20.log)
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
run() { name=$1; shift; $J --add-modules jdk.incubator.vector -jar ${ENGINE_JAR:-engine/target/engine.jar} bench train --game breakout --threads 2 --warm-up 10 --measure 25 --env-seconds 6 --rom-dir ${ROM_DIR:-../shared/roms} "$@" > bench/scripts/interleaved/$name.log 2>&1; }
for r in 1 2 3; do for k in 16 8 4; do run ff-k$k-$r --envs-per-worker $k; done; done
run ff-k1-1 --envs-per-worker 1; run ff-k2-1 --envs-per-worker 2
run ga3c-1 --algo ga3c
for k in 4 8 16; do run lstm-k$k-1 --net lstm --envs-per-worker $k; done

