#!/bin/bash
# GA3C with the lstm net against A3C's lstm at K=1, Breakout, 2 threads, in one session; learning runs stopped meanwhile
PIDS=$(pgrep -f "engine-049007b.jar train")
[ -n "$PIDS" ] && kill -STOP $PIDS; sleep 1
trap '[ -n "$PIDS" ] && kill -CONT $PIDS' EXIT
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for args in "--algo a3c" "--algo ga3c" "--algo a3c" "--algo ga3c"; do
  echo "=== --net lstm $args $(date +%T)"
  $J --add-modules jdk.incubator.vector -jar ${ENGINE_JAR:-engine/target/engine.jar} bench train --game breakout --net lstm --threads 2 --envs-per-worker 1 $args --rom-dir ${ROM_DIR:-../shared/roms} --warm-up 10 --measure 25 --env-seconds 6 2>&1 | grep -v "WARN\|^env pipeline\|^training \|^[0-9]* rounds\? of"
done
