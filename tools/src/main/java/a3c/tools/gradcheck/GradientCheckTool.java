package a3c.tools.gradcheck;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import a3c.engine.net.LayerSpec;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.kernels.ConvShape;
import a3c.kernels.PoolShape;
import a3c.kernels.Simd;
import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCase;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.KernelCases;
import a3c.kernels.check.SimdCase;

/**
 * The gradient check, one line per named tensor (max abs error, max rel error, PASS/FAIL), exit status 1
 * on any FAIL:
 * <ol type="a">
 *   <li>every reference kernel's backward against central finite differences, in double (≤ 1e-6 relative);</li>
 *   <li>every SIMD kernel against its reference, forward and backward (≤ 1e-4 relative);</li>
 *   <li>a small composed network (conv → pool → conv → dense → LSTM → policy softmax and value heads) with the
 *       actor-critic loss over a 5-step sequence, end to end;</li>
 *   <li>the full A3C loss through the engine's {@code ff}, {@code lstm} and {@code seed} networks over a t_max
 *       rollout (BPTT included).</li>
 * </ol>
 * In (c) and (d) the double reference network is checked against finite differences, and the engine's
 * float network (the workers' code path) against the reference.
 *
 * <pre>java --add-modules jdk.incubator.vector -jar tools/target/gradcheck.jar [--seed S] [--quick]</pre>
 */
public final class GradientCheckTool {
    private GradientCheckTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the check, printing to {@code out}; returns the exit status (0: all PASS). */
    public static int run(String[] args, PrintStream out) {
        long seed = 1;
        boolean quick = false;
        String sections = "abcd";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> {
                    if (i + 1 >= args.length) {
                        return usage(out, "--seed needs a value");
                    }
                    try {
                        seed = Long.parseLong(args[++i]);
                    } catch (NumberFormatException e) {
                        return usage(out, "--seed=" + args[i] + " is not a whole number");
                    }
                }
                case "--quick" -> quick = true;
                case "--sections" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("[abcd]+")) {
                        return usage(out, "--sections needs letters among a, b, c, d (e.g. --sections cd)");
                    }
                    sections = args[++i];
                }
                case "-h", "--help" -> {
                    out.println("usage: java --add-modules jdk.incubator.vector -jar gradcheck.jar [--seed S] [--quick] [--sections abcd]");
                    out.println("  --seed S         seed of every random input (default 1)");
                    out.println("  --quick          skip the real-size networks of section (d)");
                    out.println("  --sections LIST  run only these sections (default abcd)");
                    return 0;
                }
                default -> {
                    return usage(out, "unknown option " + args[i]);
                }
            }
        }
        out.println("gradient check, seed " + seed + ", kernels on " + Simd.SPECIES);
        Tally tally = new Tally(out);
        SplittableRandom rng = new SplittableRandom(seed);

        if (sections.contains("a")) {
            out.println("(a) reference kernels: backward vs central finite differences (double), tolerance " + GradCheck.FD_TOLERANCE);
            for (GradCase c : KernelCases.gradCases(rng)) {
                tally.addAll(GradCheck.finiteDifferences(c, rng));
            }
        }
        if (sections.contains("b")) {
            out.println("(b) SIMD kernels vs references, forward and backward, tolerance " + GradCheck.SIMD_TOLERANCE);
            for (SimdCase c : KernelCases.simdCases(rng)) {
                tally.addAll(GradCheck.simd(c, GradCheck.SIMD_TOLERANCE));
            }
        }
        if (sections.contains("c")) {
            out.println("(c) composed network conv > pool > conv > dense > LSTM > heads, actor-critic loss over 5 steps");
            tally.addAll(NetworkCheck.run(composed(), 5, 3, false, Integer.MAX_VALUE, seed));
            tally.addAll(NetworkCheck.run(composed(), 5, 0, true, Integer.MAX_VALUE, seed + 1));
            tally.addAll(BatchedCheck.run(composed(), 5, seed + 8));
        }
        if (!quick && sections.contains("d")) {
            out.println("(d) the A3C loss through the engine's networks over a t_max rollout (BPTT included)");
            int[] frames4 = {84, 84, 4};
            int[] frames1 = {84, 84, 1};
            NetKind.Sizes atari = new NetKind.Sizes(256, 256, 2, false);
            tally.addAll(NetworkCheck.run(NetKind.FF.spec(atari, frames4, 6), 5, 0, false, 24, seed + 2));
            tally.addAll(NetworkCheck.run(NetKind.LSTM.spec(atari, frames1, 4), 20, 3, false, 12, seed + 3));
            tally.addAll(NetworkCheck.run(NetKind.SEED.spec(atari, frames1, 6), 20, 3, true, 12, seed + 4));
            tally.addAll(NetworkCheck.run(NetKind.MLP.spec(new NetKind.Sizes(64, 32, 2, true), new int[] {4}, 2), 20, 3, false, 24, seed + 5));
            // --preset cartpole-lstm: the heads straight on an LSTM that is the first layer, 40 steps
            tally.addAll(NetworkCheck.run(NetKind.MLP.spec(new NetKind.Sizes(64, 16, 0, true), new int[] {4}, 2), 40, 3, false, 24, seed + 6));
            // universe-starter-agent's: four SAME 3x3/2 convolutions with ELU on 42x42 frames, LSTM 256
            tally.addAll(NetworkCheck.run(NetKind.UNIVERSE.spec(atari, new int[] {42, 42, 1}, 6), 20, 3, false, 12, seed + 7));
            // --envs-per-worker: the ff and lstm nets acting for several games, episodes ending inside the rollout
            tally.addAll(BatchedCheck.run(NetKind.FF.spec(atari, frames4, 6), 5, seed + 9));
            tally.addAll(BatchedCheck.run(NetKind.LSTM.spec(atari, frames1, 4), 8, seed + 10));
        }
        out.println(tally.failures == 0
                ? "gradient check: all " + tally.lines + " lines PASS"
                : "gradient check: " + tally.failures + " of " + tally.lines + " lines FAIL");
        return tally.failures == 0 ? 0 : 1;
    }

    /** Small, with sizes off the vector length: 14x14x2 → conv 3x3 (5) → pool 2x2 SAME → conv 3x3 (7) → dense 9 → LSTM 6 → heads 4+1. */
    static NetSpec composed() {
        List<LayerSpec> layers = new ArrayList<>();
        ConvShape c1 = new ConvShape(14, 14, 2, 3, 3, 5, 1);
        PoolShape p = new PoolShape(c1.outH(), c1.outW(), 5, 2, 2, 2, PoolShape.Padding.SAME);
        ConvShape c2 = new ConvShape(p.outH(), p.outW(), 5, 3, 3, 7, 1);
        layers.add(new LayerSpec.Conv("conv1", c1));
        layers.add(new LayerSpec.Pool("pool1", p));
        layers.add(new LayerSpec.Conv("conv2", c2));
        layers.add(new LayerSpec.Dense("fc", c2.outSize(), 9, true));
        layers.add(new LayerSpec.Lstm("lstm", 9, 6));
        layers.add(new LayerSpec.Heads("heads", 6, 4));
        return NetSpec.custom("composed", new int[] {14, 14, 2}, 4, layers);
    }

    private static int usage(PrintStream out, String problem) {
        out.println("error: " + problem + " (see --help)");
        return 2;
    }

    /** Prints each line and counts the failures. */
    private static final class Tally {
        private final PrintStream out;
        int lines;
        int failures;

        Tally(PrintStream out) {
            this.out = out;
        }

        void addAll(List<Comparison> comparisons) {
            for (Comparison c : comparisons) {
                lines++;
                if (!c.passed()) {
                    failures++;
                }
                out.println("  " + c.line());
            }
        }
    }
}
