#!/bin/bash
PIDS=$(pgrep -f "engine-fdae7d5.jar train")
kill -STOP $PIDS; sleep 1
trap 'kill -CONT $PIDS' EXIT
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for args in "--algo ga3c" "--algo a3c" "--algo ga3c" "--algo ga3c --agents 16" "--algo ga3c --trainers 2"; do
  echo "=== $args $(date +%T)"
  $J --add-modules jdk.incubator.vector -jar ${ENGINE_JAR:-engine/target/engine.jar} bench train --game breakout --net ff --threads 2 --envs-per-worker 1 $args --rom-dir ${ROM_DIR:-../shared/roms} --warm-up 10 --measure 25 --env-seconds 6 2>&1 | grep -v "WARN\|^env pipeline\|^training \|^[0-9]* rounds\? of"
done
