#!/bin/bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for net in ff lstm; do for k in 1 2 4 8 16; do
 echo "=== net $net K $k $(date +%T)"
 $J --add-modules jdk.incubator.vector -jar ${ENGINE_JAR:-engine/target/engine.jar} bench train --game breakout --net $net --threads 2 --envs-per-worker $k --rom-dir ${ROM_DIR:-../shared/roms} --warm-up 10 --measure 25 --env-seconds 6 2>&1 | grep -v "^env pipeline\|^training \|^[0-9]* rounds\? of"
done; done
