#!/bin/bash
# realign.sh LOG...: the pairs of a log that run.sh printed before its phases were split at half a phase (2026-12-07),
# put right. Then the cluster's list of rates began with its warm-up, so printed pair k held the one-JVM phase k and
# the cluster phase k - 1 (pair 1 the warm-up). Here the one-JVM phase k goes with the cluster rate of printed pair
# k + 1, the phase that ran right after it: one pair fewer a log. Prints each log's median, mean and standard deviation,
# then all pairs together with the mean's standard error. Not for logs of plain JVMs (OTHER=plain), which had no gap.
[ $# -gt 0 ] || { echo "usage: realign.sh LOG..." >&2; exit 2; }
for f in "$@"; do
  awk -v f="$f" '/^ *[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+ %$/ { n++; s[n] = $2; c[n] = $3 }
    END { for (k = 1; k < n; k++) printf "%s %.6f %d %d\n", f, c[k + 1] / s[k], s[k], c[k + 1] }' "$f"
done | awk '
  function stats(v, m,   i, j, t, sum, ss, med) {
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    for (i = 1; i <= m; i++) sum += v[i]
    for (i = 1; i <= m; i++) ss += (v[i] - sum / m) ^ 2
    med = m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
    return sprintf("median %.1f %%, mean %.1f %%, sd %.1f, range %.1f-%.1f %%", 100 * med, 100 * sum / m, 100 * sqrt(ss / (m - 1)), 100 * v[1], 100 * v[m]) \
      (m > 1 ? sprintf(", standard error of the mean %.2f", 100 * sqrt(ss / (m - 1) / m)) : "")
  }
  { if ($1 != cur && cur != "") { print cur ": " m " pairs, " stats(r, m); delete r; m = 0 }
    cur = $1; r[++m] = $2; all[++n] = $2 }
  END { if (cur != "") print cur ": " m " pairs, " stats(r, m); if (n > m) print "together: " n " pairs, " stats(all, n) }'
