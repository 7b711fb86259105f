# Sourced by single.sh, cluster.sh, learner-threads.sh and wakes.sh: the java command, this checkout's jar and the ROMs in
# ../shared beside it (JAR and ALE_ROM_DIR override them), how a cluster run starts, and what they read from a run.
J="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector $EXTRA"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
JAR=${JAR:-$REPO/engine/target/engine.jar}
export ALE_ROM_DIR=${ALE_ROM_DIR:-$REPO/../shared/roms}
S0=${S0:-40}; S1=${S1:-40}
# training frames/s over [S0, S0+S1] s from a run's metrics.csv
window_rate() { awk -F, -v w=$S0 -v e=$((S0+S1)) 'NR>1 && $2>=w && $2<=e+1 { if (!s) { s=$2; f=$1 } ; S=$2; F=$1 } END { printf "%.0f", (F-f)/(S-s) }' "$1"; }
# one line a thread of process $1, labelled $2 if given: "LABEL NAME<TAB>utime+stime ticks<TAB>voluntary<TAB>involuntary
# switches", the name's trailing digits folded ("GC Thread#0" and "#1" count as one); the fields are read after the
# name's ")", since a name may hold a space ("C2 CompilerThread0") and shift awk's fields
thread_rows() { for t in /proc/$1/task/*; do
  printf "%s%s\t%s\t%s\t%s\n" "${2:+$2 }" "$(sed 's/[0-9]*$//' $t/comm)" "$(sed 's/.*) //' $t/stat | awk '{print $12+$13}')" \
    "$(awk '/^voluntary/{print $2}' $t/status)" "$(awk '/^nonvoluntary/{print $2}' $t/status)"; done 2>/dev/null; }
# the learner's mean syncs/s over [S0, S0+S1] s from a run's metrics.csv
window_syncs() { awk -F, -v w=$S0 -v e=$((S0+S1)) 'NR==1 { for (i=1;i<=NF;i++) if ($i=="syncs_per_s") c=i } NR>1 && $2>=w && $2<=e+1 { s+=$c; n++ } END { printf "%.1f", s/n }' "$1"; }
# utime + stime, in clock ticks, of the threads named a3c-worker* in the processes given
worker_ticks() { local s=0; for p in "$@"; do for t in /proc/$p/task/*; do case "$(cat $t/comm)" in a3c-worker*) s=$((s + $(awk '{print $14+$15}' $t/stat)));; esac; done; done; echo $s; }
# start_cluster PORT SECONDS DIR: a learner (Breakout ff, defaults; LEARNER_EXTRA: JVM options for it alone) and 2
# workers of 1 thread (SYNC: --sync-ms, default 100) in the background, their run directories and logs under DIR;
# sets L to the learner's pid and W to the workers' (space-separated)
start_cluster() {
  $J $LEARNER_EXTRA -jar $JAR train --game breakout --seconds $2 --eval-every 0 --tensorboard false --progress-every 5 --cluster learner --bind 127.0.0.1:$1 --run-dir $3/learner > $3/learner.log 2>&1 &
  L=$!
  sleep 2
  W=""
  for w in 1 2; do $J -jar $JAR train --cluster worker --join 127.0.0.1:$1 --threads 1 --sync-ms ${SYNC:-100} --progress-every 5 --run-dir $3/w$w > $3/w$w.log 2>&1 & W="$W $!"; done
}
