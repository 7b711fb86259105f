#!/bin/bash
# usage: profile.sh PORT  (JAR; S0: seconds before, S1: seconds of sampling; SYNC: --sync-ms)
# A cluster run (learner + 2 workers of 1 thread, Breakout ff, defaults) sampled by perf on every CPU over [S0, S0+S1] s
# with call graphs (the JVMs keep their frame pointers, and each writes /tmp/perf-PID.map for its JIT code), then how
# the samples of Pekko's threads split: all of them, zeroing new arrays (memset), the sync's arithmetic (ParameterSync),
# the kernel's return from a context switch on this paravirtualised host (pvm_irq_enable), and copies (StubRoutines).
# Needs perf and the right to sample every CPU.
export EXTRA="${EXTRA:+$EXTRA }-XX:+PreserveFramePointer" S0=${S0:-60} S1=${S1:-20}
source "$(dirname "$0")/common.sh"
PORT=$1; D=/tmp/cl/p-$PORT; rm -rf $D; mkdir -p $D
start_cluster $PORT $((S0 + S1 + 30)) $D
sleep $S0
if ! perf record -F 999 -a -g -o $D/perf.data -- sleep $S1 > $D/perf.log 2>&1; then
  echo "perf record failed (is perf installed, and may this user sample every CPU? see kernel.perf_event_paranoid): $(tail -1 $D/perf.log)" >&2
  kill $L $W 2>/dev/null; wait; exit 1
fi
JCMD="$(dirname "${J%% *}")/jcmd"
for p in $L $W; do $JCMD $p Compiler.perfmap > /dev/null; done
wait
perf script -i $D/perf.data -F comm,tid,ip,sym,dso -G 2>/dev/null > $D/flat.txt
awk '{n++} $1 ~ /^a3c-pekko/ {p++; if ($0 ~ /memset/) m++; if ($0 ~ /ParameterSync/) s++; if ($0 ~ /pvm_irq_enable/) v++; if ($0 ~ /StubRoutines/) st++}
  END {printf "samples %d; Pekko threads %.2f %%, in them: memset %.2f, ParameterSync %.2f, pvm_irq_enable %.2f, StubRoutines %.2f %% (of all)\n", n, 100*p/n, 100*m/n, 100*s/n, 100*v/n, 100*st/n}' $D/flat.txt
echo "perf data: $D/perf.data (perf report -i $D/perf.data --sort comm,sym)"
