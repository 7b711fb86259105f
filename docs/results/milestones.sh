#!/usr/bin/env bash
# Usage: docs/results/milestones.sh RUN_DIR [TARGET...]
# For each target return (default: 15 18), the first frame at which the mean raw return of the last 20 and
# of the last 100 games (games in the order they ended, episodes.csv) reached it, with the training time
# at that frame (the first metrics.csv row at or past it); then the last-100 mean at the end of the run.
set -euo pipefail
dir="$1"; shift
targets="${*:-15 18}"
awk -F, -v targets="$targets" '
  FNR == 1 { next }
  FILENAME ~ /metrics.csv$/ { mf[++m] = $1; ms[m] = $2; next }
  {
    n++; r[n] = $3; f[n] = $1
    s20 += $3; if (n > 20) s20 -= r[n - 20]
    s100 += $3; if (n > 100) s100 -= r[n - 100]
    split(targets, t, " ")
    for (i in t) {
      if (n >= 20 && !(t[i] in at20) && s20 / 20 >= t[i]) at20[t[i]] = $1
      if (n >= 100 && !(t[i] in at100) && s100 / 100 >= t[i]) at100[t[i]] = $1
    }
  }
  function clock(frames,   j, s) {
    for (j = 1; j <= m; j++) if (mf[j] >= frames) { s = ms[j]; return sprintf("%d:%02d", s / 3600, (s % 3600) / 60) }
    return "-"
  }
  END {
    split(targets, t, " ")
    for (i = 1; i in t; i++) {
      printf "target %s: last-20 mean first at %s frames (%s), last-100 mean first at %s frames (%s)\n", t[i],
        (t[i] in at20) ? at20[t[i]] : "never", (t[i] in at20) ? clock(at20[t[i]]) : "-",
        (t[i] in at100) ? at100[t[i]] : "never", (t[i] in at100) ? clock(at100[t[i]]) : "-"
    }
    printf "games %d, frames at the last game %s, last-100 mean %.2f\n", n, f[n], (n >= 100 ? s100 / 100 : s100 / n)
  }' "$dir/metrics.csv" "$dir/episodes.csv"
