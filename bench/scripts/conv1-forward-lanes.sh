#!/bin/bash
# conv1's forward with the window on the lanes (ConvTiles.forwardLanes) against the broadcast tile (forwardOne):
# the two benchmark jars alternated, twice, ConvBench.forward only, --quick; ratios to each run's own peak.
# usage: bench/scripts/conv1-forward-lanes.sh BEFORE_JAR AFTER_JAR
J="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector"
for round in 1 2; do
  for jar in "$1" "$2"; do
    echo "== round $round: $jar"
    $J -jar "$jar" --quick --include 'ConvBench.forward' 2>&1 | grep -E '^\| (Peak|Conv)'
  done
done
