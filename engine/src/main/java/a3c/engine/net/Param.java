package a3c.engine.net;

import java.lang.foreign.MemorySegment;

/** A parameter tensor as a stage sees it: the worker's values, and the gradient its backward adds into. */
record Param(MemorySegment value, MemorySegment grad) {
}
