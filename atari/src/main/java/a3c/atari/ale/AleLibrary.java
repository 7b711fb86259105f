package a3c.atari.ale;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.bytedeco.javacpp.Loader;

import a3c.atari.EnvironmentException;

/**
 * Loads ALE's native libraries once per process and turns its logging off.
 *
 * <p>ALE prints its banner ("A.L.E: Arcade Learning Environment ...") when an {@code ALEInterface} is built,
 * and the ROM details and random seed when a ROM is loaded, all through its {@code ale::Logger}, which
 * writes to {@code std::cerr} when a message's level is at least {@code Logger::current_mode}. The preset
 * does not map {@code Logger}, so this class calls {@code ale::Logger::setMode} through the Foreign Function
 * API, found by its symbol in the very {@code libale.so} that JavaCPP loaded, before any ALE object exists.
 * The mode is one above {@code Error}, so nothing is printed; ALE's errors still reach us as C++
 * exceptions, which JavaCPP turns into Java exceptions with ALE's message. Unlike redirecting the process's
 * stderr, this cannot swallow what other threads print meanwhile.
 *
 * <p>For debugging, {@code -Da3c.ale.log=info|warning|error|silent} (default silent) chooses ALE's level.
 */
public final class AleLibrary {
    /** {@code ale::Logger::setMode(ale::Logger::mode)}, an {@code enum} passed as an int. */
    static final String SET_MODE_SYMBOL = "_ZN3ale6Logger7setModeENS0_4modeE";
    /** The system property that chooses ALE's log level. */
    public static final String LOG_PROPERTY = "a3c.ale.log";

    private static boolean loaded;
    private static boolean silenced;

    private AleLibrary() {
    }

    /** Loads ALE (idempotent, thread-safe) and applies the log level; true if the level could be set. */
    public static synchronized boolean load() {
        if (!loaded) {
            Loader.load(org.bytedeco.ale.global.ale.class);
            silenced = setLogMode(logMode());
            loaded = true;
        }
        return silenced;
    }

    private static int logMode() {
        String level = System.getProperty(LOG_PROPERTY, "silent").toLowerCase(Locale.ROOT);
        return switch (level) {
            case "info" -> 0;
            case "warning" -> 1;
            case "error" -> 2;
            case "silent" -> 3;
            default -> throw new EnvironmentException(EnvironmentException.Kind.BAD_OPTION,
                    LOG_PROPERTY + "=" + level + " is not a log level: use silent, error, warning or info");
        };
    }

    @SuppressWarnings("restricted") // a lookup in, and a call into, the libale.so JavaCPP already loaded
    private static boolean setLogMode(int mode) {
        String path = Loader.getLoadedLibraries().get("ale");
        if (path == null) {
            return false;
        }
        // The library stays loaded for the life of the process anyway (JavaCPP never unloads it).
        SymbolLookup ale = SymbolLookup.libraryLookup(Path.of(path), Arena.global());
        Optional<MemorySegment> setMode = ale.find(SET_MODE_SYMBOL);
        if (setMode.isEmpty()) {
            return false;
        }
        MethodHandle handle = Linker.nativeLinker().downcallHandle(setMode.get(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        try {
            handle.invokeExact(mode);
        } catch (Throwable t) {
            throw new IllegalStateException("could not set ALE's log level", t);
        }
        return true;
    }
}
