"""split.py LOG...: per worker, microseconds a game step in env.step and in the rest of the rollout (the network,
the loss, the update), and their ratio, over the last two thirds of the log's EXP lines (cumulative counts)."""
import sys

for f in sys.argv[1:]:
    rows = {}
    for line in open(f):
        if line.startswith('EXP '):
            _, worker, steps, env, rollout = line.split()
            rows.setdefault(worker, []).append((int(steps), int(env), int(rollout)))
    parts, ratios = [], []
    for worker, v in sorted(rows.items()):
        a, b = v[len(v) // 3], v[-1]
        steps = b[0] - a[0]
        env = (b[1] - a[1]) / 1e3 / steps
        net = ((b[2] - a[2]) - (b[1] - a[1])) / 1e3 / steps
        ratios.append(net / env)
        parts.append('worker %s: env %.0f us, rest %.0f us, rest/env %.3f' % (worker, env, net, net / env))
    share = [l.split(':')[1].strip() for l in open(f) if 'training / raw ALE' in l]
    mean = sum(ratios) / len(ratios) if ratios else float('nan')
    print('%-24s %s | mean rest/env %.3f%s' % (f.split('/')[-1], ' | '.join(parts), mean,
                                              ' | training/raw ALE ' + share[0] if share else ''))
