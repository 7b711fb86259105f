package a3c.engine.io;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import a3c.engine.UserError;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;

/**
 * The one way a network comes back from a checkpoint: {@code train --resume} takes the parameters, the
 * optimiser's statistics and the counters ({@link #resume}); {@code eval}, {@code play} and any tool that
 * loads a checkpoint take a network holding the parameters ({@link #network}). Both first check the
 * checkpoint's {@code net.signature} against the spec the caller built from the run's options, so that a
 * checkpoint of another network is a one-line {@link UserError}, never floats copied into the wrong tensors.
 */
public final class Restore {
    /** The header entry that identifies the network (see {@link NetSpec#signature()}). */
    public static final String SIGNATURE = "net.signature";

    private Restore() {
    }

    /** Where a resumed run continues: environment frames, games, seconds trained and optimiser steps taken. */
    public record Counters(long frames, long episodes, double seconds, long updates) {
    }

    /**
     * A network of {@code spec} that acts one step at a time, holding the parameters of {@code c} (read from
     * {@code file}): what {@code eval} and {@code play} run.
     */
    public static Network network(Checkpoint c, Path file, NetSpec spec) {
        if (!matches(c, file, spec)) {
            throw new UserError("checkpoint " + file + " does not match the network its config describes"
                    + " (different game version, action set or sizes): evaluate it with the settings it was trained with");
        }
        Network net = new Network(spec, 1);
        c.copyParametersTo(net.parameters().segment());
        return net;
    }

    /**
     * Copies the parameters and the optimiser's statistics of {@code c} (read from {@code file}) into the shared
     * arenas of {@code spec}; returns the counters the run continues from. A checkpoint of another optimiser
     * (a different number of statistics) is a one-line {@link UserError}.
     */
    public static Counters resume(Checkpoint c, Path file, NetSpec spec, MemorySegment parameters, MemorySegment statistics) {
        if (!matches(c, file, spec)) {
            throw new UserError("checkpoint " + file + " holds a different network (" + c.get("config.net", file)
                    + " on " + c.header().getOrDefault("env.name", "?") + "): resume with the same --net and --game, or use a new --run-dir");
        }
        long wanted = statistics.byteSize() / Float.BYTES;
        if (c.statisticsCount() != wanted) {
            String saved = c.header().getOrDefault("config.optimizer", "rmsprop");
            throw new UserError("checkpoint " + file + " holds the statistics of --optimizer " + saved + " (" + c.statisticsCount()
                    + " floats, this run's optimiser keeps " + wanted + "): resume with --optimizer " + saved);
        }
        c.copyParametersTo(parameters);
        c.copyStatisticsTo(statistics);
        return new Counters(Long.parseLong(c.get("frames", file)), Long.parseLong(c.get("episodes", file)),
                Double.parseDouble(c.get("seconds", file)), Long.parseLong(c.header().getOrDefault("updates", "0")));
    }

    private static boolean matches(Checkpoint c, Path file, NetSpec spec) {
        return c.get(SIGNATURE, file).equals(spec.signature());
    }
}
