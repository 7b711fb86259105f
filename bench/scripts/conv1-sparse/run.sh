#!/bin/bash
# run.sh ENGINE_JAR: conv1's zeros in real frames and its dense against its sparse kernels on them (nothing else running).
# Density.java: Breakout's and Pong's observations (random play, background subtracted as in training), the share of
#   floats, pixels, conv1 windows, window rows (8 pixels x 4 frames) and tiles of 4 neighbouring windows' rows not 0.
# ConvAB.java: Conv2d.forward against forwardSparse at batch 4 and backwardParams against backwardParamsSparse over 20
#   rows, on 200 such frames, alternated in 40 rounds of 100 calls; medians.
set -eu
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
JAR=$(realpath "$1")
cd "$(dirname "$0")"
out=$(mktemp -d)
for g in breakout pong; do
  $J/java -cp "$JAR" --add-modules jdk.incubator.vector Density.java $g 2000 sub 2>&1 | grep -v WARN
done
$J/javac -cp "$JAR" --add-modules jdk.incubator.vector -d "$out" ConvAB.java 2>&1 | grep -v warning || true
for g in breakout pong breakout pong; do
  $J/java --add-modules jdk.incubator.vector --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR:$out" a3c.kernels.ConvAB $g 2>&1 | grep -v WARN
done
rm -rf "$out"
