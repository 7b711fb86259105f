#!/bin/bash
# Issue 11: Pekko's dispatchers tuned through -D options (ClusterSystem lets system properties win), against the
# defaults: v1 = one inbound lane and Artery's streams on the default dispatcher; v2 = v1 and the default and
# internal dispatchers at one thread. One JVM, then base, v1, v2, twice, then one JVM (dispatchers.log: the
# cluster lines came from cluster.sh before its "per training CPU-second" column).
# usage: bench/scripts/cluster-cpu/dispatchers.sh [JAR]
cd "$(dirname "$0")"; mkdir -p /tmp/cl; [ -n "$1" ] && export JAR=$(realpath $1) # else cluster.sh and single.sh take this checkout's jar
A=pekko.remote.artery.advanced; P=fork-join-executor
V1="-D$A.inbound-lanes=1 -D$A.use-dispatcher=pekko.actor.default-dispatcher -D$A.use-control-stream-dispatcher=pekko.actor.default-dispatcher"
V2="$V1 -Dpekko.actor.default-dispatcher.$P.parallelism-min=1 -Dpekko.actor.default-dispatcher.$P.parallelism-max=1 -Dpekko.actor.internal-dispatcher.$P.parallelism-min=1 -Dpekko.actor.internal-dispatcher.$P.parallelism-max=1"
port=25800
for round in 1 2; do
  ./single.sh 90
  for v in base v1 v2; do
    case $v in base) E="";; v1) E="$V1";; v2) E="$V2";; esac
    echo -n "$v: "; EXTRA="$E" ./cluster.sh $((port++)) 90
  done
done
./single.sh 90
