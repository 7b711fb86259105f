#!/bin/bash
# Usage: docs/killtest/pong-kill.sh ENGINE_JAR RUN_DIR [ROM_DIR]
# Kills a Pong run (checkpoints every 3 s) with SIGKILL 10 times at random moments, resuming it each time, then
# lets one resumed session end at its time limit. After each kill KillCheck loads the checkpoint (CRC checked)
# and compares the games it counts with the complete rows of episodes.csv. RUN_DIR is deleted first.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"; JAR=$1; D=$2; ROMS="${3:-$here/../../../shared/roms}"
rm -rf "$D"
for i in $(seq 1 10); do
  if [ "$i" = 1 ]; then R=""; else R="--resume"; fi
  "$J" --add-modules jdk.incubator.vector -jar "$JAR" train --game pong --rom-dir "$ROMS" --run-dir "$D" $R --checkpoint-every 0.05 \
      --eval-every 0 --progress-every 5 > "$D.session$i.log" 2>&1 &
  P=$!; S=$((8 + RANDOM % 12)); sleep $S; kill -9 $P; wait $P 2>/dev/null
  echo -n "kill $i after ${S}s: "; "$J" -cp "$JAR" "$here/KillCheck.java" "$D" 2>&1 | grep -v WARN
done
"$J" --add-modules jdk.incubator.vector -jar "$JAR" train --resume --run-dir "$D" --seconds 10 > "$D.final.log" 2>&1
grep -h "past\|done" "$D.final.log"
echo -n "after the last resume: "; "$J" -cp "$JAR" "$here/KillCheck.java" "$D" 2>&1 | grep -v WARN
echo "episodes.csv data rows: $(($(wc -l < "$D/episodes.csv") - 1))"
