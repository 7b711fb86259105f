package a3c.atari.benchmark;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import a3c.atari.EnvOptions;
import a3c.atari.Environment;
import a3c.atari.EnvironmentException;
import a3c.atari.Environments;
import a3c.atari.ale.AleEmulator;
import a3c.atari.ale.Roms;

/**
 * Environment throughput: raw ALE frames/s against frames/s through the whole preprocessing pipeline,
 * measured in one run so their ratio is fair on a noisy machine.
 *
 * <pre>
 * raw:      T threads, one ALE each: act(random minimal action) + read the screen, every frame
 * pipeline: T threads, one Environment each (the given options): step(random action), reset when over;
 *           frames = agent steps x framesPerStep (what the trainer counts)
 * schedule: a warm-up of each (not counted), then rounds alternating raw and pipeline phases of equal
 *           length, so drift in the machine's load hits both alike
 * </pre>
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp ... a3c.atari.benchmark.EnvThroughput --game breakout
 * --threads 1,2 --seconds 20 [--rom-dir DIR]}.
 */
public final class EnvThroughput {
    /** Seconds of one raw or pipeline phase in the measured rounds. */
    private static final double PHASE_SECONDS = 0.5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * What one measurement found: frames, wall seconds and CPU seconds (summed over threads) of each kind.
     * Frames per wall second is the headline; frames per CPU second is the fairer comparison when other
     * processes share the cores, since a descheduled thread costs no CPU time.
     */
    public record Result(String game, int threads, double seconds, long rawFrames, double rawSeconds,
                         double rawCpuSeconds, long pipelineFrames, double pipelineSeconds,
                         double pipelineCpuSeconds) {
        public double rawFramesPerSecond() {
            return rawFrames / rawSeconds;
        }

        public double pipelineFramesPerSecond() {
            return pipelineFrames / pipelineSeconds;
        }

        /** Pipeline frames/s over raw frames/s. */
        public double ratio() {
            return pipelineFramesPerSecond() / rawFramesPerSecond();
        }

        /** Pipeline frames per CPU second over raw frames per CPU second. */
        public double cpuRatio() {
            return (pipelineFrames / pipelineCpuSeconds) / (rawFrames / rawCpuSeconds);
        }

        /** A short report, one fact a line. */
        public String report() {
            return String.format(Locale.ROOT, """
                    env throughput: %s, %d thread%s, %.1f s measured per kind (alternating rounds)
                      raw ALE (act + screen read):  %,10.0f frames/s  (%,.0f per thread)
                      full preprocessing pipeline:  %,10.0f frames/s  (%,.0f per thread)
                      pipeline / raw:               %9.1f%%
                      per CPU second:               %,10.0f raw, %,.0f pipeline, %.1f%%""",
                    game, threads, threads == 1 ? "" : "s", rawSeconds, rawFramesPerSecond(),
                    rawFramesPerSecond() / threads, pipelineFramesPerSecond(), pipelineFramesPerSecond() / threads,
                    100 * ratio(), rawFrames / rawCpuSeconds, pipelineFrames / pipelineCpuSeconds, 100 * cpuRatio());
        }
    }

    /** One thread's unit of work, run phase after phase (each phase on a new thread). */
    private interface Worker extends AutoCloseable {
        /** Plays until {@code deadline} (System.nanoTime); returns the frames played. */
        long run(long deadline);

        @Override
        void close();
    }

    private EnvThroughput() {
    }

    /**
     * Measures one game at one thread count for about {@code seconds} seconds in all.
     *
     * @throws EnvironmentException for an unknown game, a built-in game (no raw emulator), a missing ROM, bad options
     */
    public static Result measure(String game, int threads, double seconds, EnvOptions options) {
        if (!(seconds >= 1 && seconds <= 86_400)) {
            throw new EnvironmentException(EnvironmentException.Kind.BAD_OPTION, "seconds=" + seconds
                    + " is out of range: use 1 .. 86400");
        }
        try (Session session = Session.open(game, threads, options)) {
            double warmUp = Math.min(2.0, 0.2 * seconds);
            session.warmUp(warmUp);
            int rounds = Math.max(1, (int) Math.round((seconds - warmUp) / (2 * PHASE_SECONDS)));
            double phase = (seconds - warmUp) / (2 * rounds);
            for (int r = 0; r < rounds; r++) {
                session.raw(phase);
                session.pipeline(phase);
            }
            return session.result();
        }
    }

    /**
     * One emulator and one pipeline a thread, kept from phase to phase, with what each kind's phases did: for a
     * measurement that puts its phases between other work on the same cores ({@code bench train}'s training).
     */
    public static final class Session implements AutoCloseable {
        private final String name;
        private final int threads;
        private final List<Worker> raw = new ArrayList<>();
        private final List<Worker> pipeline = new ArrayList<>();
        private final Totals rawTotals = new Totals();
        private final Totals pipelineTotals = new Totals();

        private Session(String name, int threads) {
            this.name = name;
            this.threads = threads;
        }

        /**
         * @throws EnvironmentException for an unknown game, a built-in game (no raw emulator), a missing ROM, bad
         *                              options or thread count
         */
        public static Session open(String game, int threads, EnvOptions options) {
            options.validate();
            String name = Environments.canonical(game);
            if (Environments.isBuiltIn(name)) {
                throw new EnvironmentException(EnvironmentException.Kind.BAD_OPTION, "game=" + name
                        + " has no raw emulator to compare with: use an Atari game such as breakout");
            }
            if (threads < 1 || threads > 1024) {
                throw new EnvironmentException(EnvironmentException.Kind.BAD_OPTION, "threads=" + threads
                        + " is out of range: use 1 .. 1024");
            }
            Path rom = Roms.resolve(name, options);
            Session s = new Session(name, threads);
            try {
                for (int t = 0; t < threads; t++) {
                    s.raw.add(new RawWorker(new AleEmulator(rom, t, 0.0), t));
                    s.pipeline.add(new PipelineWorker(Environments.make(name, options, t), t));
                }
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        }

        /** Both kinds, {@code seconds} in all, not counted (compilation, first games). */
        public void warmUp(double seconds) {
            runPhase(raw, seconds / 2, new Totals());
            runPhase(pipeline, seconds / 2, new Totals());
        }

        /** A raw phase: every thread's emulator for {@code seconds}, counted. */
        public void raw(double seconds) {
            runPhase(raw, seconds, rawTotals);
        }

        /** A pipeline phase: every thread's pipeline for {@code seconds}, counted. */
        public void pipeline(double seconds) {
            runPhase(pipeline, seconds, pipelineTotals);
        }

        /** What the counted phases did. */
        public Result result() {
            return new Result(name, threads, (rawTotals.wallNanos + pipelineTotals.wallNanos) / 1e9, rawTotals.frames,
                    rawTotals.wallNanos / 1e9, rawTotals.cpuNanos / 1e9, pipelineTotals.frames,
                    pipelineTotals.wallNanos / 1e9, pipelineTotals.cpuNanos / 1e9);
        }

        @Override
        public void close() {
            raw.forEach(Worker::close);
            pipeline.forEach(Worker::close);
        }
    }

    /** Frames, wall time and CPU time of one kind, summed over phases (CPU time also over threads). */
    private static final class Totals {
        long frames;
        long wallNanos;
        long cpuNanos;
    }

    /** Runs every worker on its own thread for {@code seconds}, adding what they did to {@code totals}. */
    private static void runPhase(List<Worker> workers, double seconds, Totals totals) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long[] frames = new long[workers.size()];
        long[] cpu = new long[workers.size()];
        Throwable[] failures = new Throwable[workers.size()];
        Thread[] threads = new Thread[workers.size()];
        for (int i = 0; i < threads.length; i++) {
            int id = i;
            threads[i] = new Thread(() -> {
                try {
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    frames[id] = workers.get(id).run(deadline);
                    cpu[id] = THREADS.getCurrentThreadCpuTime() - cpu0;
                } catch (Throwable t) {
                    failures[id] = t;
                }
            }, "env-throughput-" + i);
            threads[i].start();
        }
        for (int i = 0; i < threads.length; i++) {
            try {
                threads[i].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring", e);
            }
            if (failures[i] != null) {
                throw new IllegalStateException("throughput worker " + i + " failed: " + failures[i], failures[i]);
            }
            totals.frames += frames[i];
            totals.cpuNanos += cpu[i];
        }
        totals.wallNanos += System.nanoTime() - start;
    }

    /** act + screen read, every frame, as fast as ALE goes. */
    private static final class RawWorker implements Worker {
        private final AleEmulator ale;
        private final int[] actions;
        private final SplittableRandom random;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment screen;

        RawWorker(AleEmulator ale, long seed) {
            this.ale = ale;
            this.actions = ale.minimalActions();
            this.random = new SplittableRandom(seed);
            this.screen = arena.allocate((long) ale.screenHeight() * ale.screenWidth(), 64);
        }

        @Override
        public long run(long deadline) {
            long frames = 0;
            while (System.nanoTime() < deadline) {
                ale.act(actions[random.nextInt(actions.length)]);
                ale.readScreen(screen);
                frames++;
                if (ale.gameOver()) {
                    ale.resetGame();
                }
            }
            return frames;
        }

        @Override
        public void close() {
            ale.close();
            arena.close();
        }
    }

    /** step(random action), reset when the training episode ends. */
    private static final class PipelineWorker implements Worker {
        private final Environment env;
        private final SplittableRandom random;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment observation;
        private boolean needsReset = true;

        PipelineWorker(Environment env, long seed) {
            this.env = env;
            this.random = new SplittableRandom(seed);
            this.observation = arena.allocate(env.observationShape().bytes(), 64);
        }

        @Override
        public long run(long deadline) {
            long steps = 0;
            int actions = env.actionCount();
            while (System.nanoTime() < deadline) {
                if (needsReset) {
                    env.reset(observation);
                }
                needsReset = env.step(random.nextInt(actions), observation).episodeOver();
                steps++;
            }
            return steps * env.framesPerStep();
        }

        @Override
        public void close() {
            env.close();
            arena.close();
        }
    }

    /** {@code --game breakout --threads 1,2 --seconds 20 [--rom-dir DIR]}: prints one report per thread count. */
    public static void main(String[] args) {
        String game = "breakout";
        String threads = "1,2";
        double seconds = 10;
        EnvOptions.Builder options = EnvOptions.defaults();
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--game" -> game = value;
                    case "--threads" -> threads = value;
                    case "--seconds" -> seconds = Double.parseDouble(value);
                    case "--rom-dir" -> options.romDir(Path.of(value));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + ": use --game NAME --threads T[,T...] --seconds S [--rom-dir DIR]");
                }
                i++;
            }
            for (String t : threads.split(",")) {
                System.out.println(measure(game, Integer.parseInt(t.strip()), seconds, options.build()).report());
            }
        } catch (EnvironmentException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
