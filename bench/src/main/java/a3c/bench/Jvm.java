package a3c.bench;

/**
 * JVM options of every benchmark fork: the modules and opens the kernels need, and vector bounds checks
 * off (tests keep them on). Constants, so that {@code @Fork(jvmArgsPrepend = ...)} can name them.
 */
public final class Jvm {
    public static final String ADD_MODULES = "--add-modules=jdk.incubator.vector";
    public static final String OPEN_MISC = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    public static final String NO_BOUNDS_CHECKS = "-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0";
    /** JMH's own harness still calls sun.misc.Unsafe; without this each fork prints a deprecation warning. */
    public static final String JMH_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    static final String[] FORK_ARGS = {ADD_MODULES, OPEN_MISC, NATIVE_ACCESS, NO_BOUNDS_CHECKS, JMH_UNSAFE};

    private Jvm() {
    }
}
