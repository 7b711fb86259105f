#!/bin/bash
# profile.sh JAR K OUT: perf profile of `train --game breakout --threads 2 --envs-per-worker K` (25 s from 45 s, all
# CPUs, frame pointers and a perf map; nothing else running); OUT.top: the top symbols by self samples
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
JAR=$1; K=$2; OUT=$3
rm -rf /tmp/prof-run
$J/java -XX:+PreserveFramePointer --add-modules jdk.incubator.vector -jar $JAR train --game breakout --rom-dir /work/shared/roms --threads 2 --envs-per-worker $K --run-dir /tmp/prof-run --frames 100000000 > $OUT.train.log 2>&1 &
P=$!
sleep 45
perf record -F 999 -a -g -o $OUT.data -- sleep 25 2> $OUT.perf.err
$J/jcmd $P Compiler.perfmap > /dev/null
kill $P; wait $P 2>/dev/null
perf report -i $OUT.data --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -70 > $OUT.top
