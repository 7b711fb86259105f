#!/bin/bash
# (thirteenth session) split jars alternated at several K: ab-k.sh DIR ROUNDS "KS" JAR...; logs DIR/kK-JAR-ROUND.log; read them with split.py
# ab.sh DIR ROUNDS "KS" JAR...: split jars alternated; logs DIR/K-jar-round.log
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
dir=$1 rounds=$2 ks=$3; shift 3
for r in $(seq 1 $rounds); do for k in $ks; do for jar in "$@"; do
  $J --add-modules jdk.incubator.vector -jar $jar bench train --game breakout --net ${NET:-ff} --threads 2 --envs-per-worker $k --warm-up 10 --measure 25 --env-seconds 6 --rom-dir /work/shared/roms > $dir/k$k-$(basename $jar .jar)-$r.log 2>&1
done; done; done
echo done > $dir/DONE
