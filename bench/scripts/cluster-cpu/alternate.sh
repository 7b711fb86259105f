#!/bin/bash
# Issue 11: where the cores go in a cluster run (bench/RESULTS.md, "The sync's passes through array views").
# One JVM of 2 threads, then per round a cluster (learner + 2 worker JVMs of 1 thread, Breakout ff, today's
# defaults, --sync-ms 100) of OLD_JAR and one of NEW_JAR, then one JVM again; 90 s runs, measured from 40 s to 80 s.
# Each line: frames/s, the training threads' CPU, training frames per training CPU-second (the host's speed of the
# moment), and for a cluster the workers' and the learner's CPU, the machine's system share, context switches/s.
# usage: bench/scripts/cluster-cpu/alternate.sh OLD_JAR NEW_JAR   (the runs go to /tmp/cl: cluster.sh and single.sh)
OLD=$(realpath $1); NEW=$(realpath $2)
cd "$(dirname "$0")"; mkdir -p /tmp/cl
port=25950
JAR=$NEW ./single.sh 90
for r in 1 2; do
  echo -n "old: "; JAR=$OLD ./cluster.sh $((port++)) 90
  echo -n "new: "; JAR=$NEW ./cluster.sh $((port++)) 90
done
JAR=$NEW ./single.sh 90
