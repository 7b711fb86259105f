# Sourced by single.sh and cluster.sh: the java command, this checkout's jar and the ROMs in ../shared beside it
# (JAR and ALE_ROM_DIR override them), and what both read from a run.
J="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector $EXTRA"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
JAR=${JAR:-$REPO/engine/target/engine.jar}
export ALE_ROM_DIR=${ALE_ROM_DIR:-$REPO/../shared/roms}
S0=${S0:-40}; S1=${S1:-40}
# training frames/s over [S0, S0+S1] s from a run's metrics.csv
window_rate() { awk -F, -v w=$S0 -v e=$((S0+S1)) 'NR>1 && $2>=w && $2<=e+1 { if (!s) { s=$2; f=$1 } ; S=$2; F=$1 } END { printf "%.0f", (F-f)/(S-s) }' "$1"; }
# utime + stime, in clock ticks, of the threads named a3c-worker* in the processes given
worker_ticks() { local s=0; for p in "$@"; do for t in /proc/$p/task/*; do case "$(cat $t/comm)" in a3c-worker*) s=$((s + $(awk '{print $14+$15}' $t/stat)));; esac; done; done; echo $s; }
