package a3c.engine.env;

import java.lang.foreign.MemorySegment;

/** A change made to every observation, in place, before the network sees it ({@link FilteredEnvironment}). */
public interface ObservationFilter {
    void apply(MemorySegment observation);
}
