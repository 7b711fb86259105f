#!/bin/bash
# profile.sh JAR K OUT: perf profile of `train --game breakout --threads 2 --envs-per-worker K` (25 s from 45 s, all
# CPUs, frame pointers and a perf map; nothing else running); OUT.top: the top symbols by self samples. Needs perf and
# the right to sample every CPU (as ../cluster-cpu/profile.sh).
set -u
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
ROMS=${ALE_ROM_DIR:-$(cd "$(dirname "$0")/../../../../shared/roms" && pwd)}
JAR=$1 K=$2 OUT=$3
RUN=$(mktemp -d)
"$J/java" -XX:+PreserveFramePointer --add-modules jdk.incubator.vector -jar "$JAR" train --game breakout --rom-dir "$ROMS" \
  --threads 2 --envs-per-worker "$K" --run-dir "$RUN/run" --frames 100000000 > "$OUT.train.log" 2>&1 &
P=$!
sleep 45
if ! perf record -F 999 -a -g -o "$OUT.data" -- sleep 25 2> "$OUT.perf.err"; then
  echo "perf record failed (is perf installed, and may this user sample every CPU? see kernel.perf_event_paranoid): $(tail -1 "$OUT.perf.err")" >&2
  kill $P; wait $P 2>/dev/null; rm -rf "$RUN"; exit 1
fi
"$J/jcmd" $P Compiler.perfmap > /dev/null
kill $P; wait $P 2>/dev/null; rm -rf "$RUN"
perf report -i "$OUT.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -70 > "$OUT.top"
