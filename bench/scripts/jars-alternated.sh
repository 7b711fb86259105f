#!/bin/bash
# jars-alternated.sh ROUNDS K[,K...] JAR...: `bench train` (2 threads, K games a worker; Breakout, or $GAME; ff, or $NET)
# with each engine jar and each K in turn, ROUNDS times, nothing else running; prints each run's training over raw ALE
# and over the pipeline and its collections, then the medians per jar and K.
# Pong at three K with one jar (what pong-k.sh did): GAME=pong jars-alternated.sh 2 1,4,16 JAR
# THREADS=1,2 in the environment: each thread count in turn too (default 2); one thread against two at K = 16 (what
# observation-footprint/one-thread-two-threads.sh did): THREADS=1,2 jars-alternated.sh 3 16 JAR
set -u
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROMS=${ALE_ROM_DIR:-$(cd "$(dirname "$0")/../../../shared/roms" && pwd)}
rounds=$1 ks=${2//,/ } threads=${THREADS:-2}; threads=${threads//,/ }
shift 2
declare -A raw
# a run's label: K, and the thread count where THREADS was given
label() { echo "K=$1${THREADS:+ threads=$2}"; }
for round in $(seq 1 "$rounds"); do
  for k in $ks; do
    for t in $threads; do
      for jar in "$@"; do
        out=$($J --add-modules jdk.incubator.vector -jar "$jar" bench train --game "${GAME:-breakout}" --net "${NET:-ff}" --threads "$t" \
          --envs-per-worker "$k" --warm-up 10 --measure 25 --env-seconds 6 --rom-dir "$ROMS" 2>&1)
        r=$(echo "$out" | awk '/training \/ raw ALE/ {print $NF}')
        p=$(echo "$out" | awk '/training \/ pipeline/ {print $NF}')
        gc=$(echo "$out" | awk '/garbage collections/ {print $(NF-2)}')
        ale=$(echo "$out" | awk '/^ *raw ALE:/ {print $3}')
        [ -n "$r" ] || { echo "round $round $(label $k $t) $(basename "$jar"): bench train gave no ratio:"; echo "$out" | tail -3; exit 1; }
        echo "round $round $(label $k $t) $(basename "$jar"): training/raw ALE $r, training/pipeline $p, collections $gc (raw ALE $ale frames/s)"
        raw[$k $t $jar]="${raw[$k $t $jar]:-} ${r%\%}"
      done
    done
  done
done
for k in $ks; do
  for t in $threads; do
    for jar in "$@"; do
      echo "median $(label $k $t) $(basename "$jar"): $(echo ${raw[$k $t $jar]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') % of raw ALE (${raw[$k $t $jar]} )"
    done
  done
done
