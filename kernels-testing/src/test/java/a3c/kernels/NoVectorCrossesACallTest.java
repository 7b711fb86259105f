package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * The rule of {@link Simd}: no method of the kernels takes or returns a vector, a mask or a shuffle. Such a
 * method is inlined only while its caller's compilation has room; where it is not, every vector through it
 * is boxed and the kernel allocates on every operation. The JDK's force-inlined Vector API carries vectors
 * between operations instead.
 */
class NoVectorCrossesACallTest {
    @Test
    void noKernelMethodTakesOrReturnsAVector() throws IOException, URISyntaxException, ClassNotFoundException {
        // the kernels' classes: a folder (an IDE, mvn test) or the module's jar (the reactor after package)
        Path root = Path.of(Simd.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int methods = 0;
        try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
             Stream<Path> files = Files.list((jar == null ? root : jar.getPath("/")).resolve("a3c/kernels"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString();
                Class<?> c = Class.forName("a3c.kernels." + name.substring(0, name.length() - ".class".length()));
                for (Method m : c.getDeclaredMethods()) {
                    methods++;
                    boolean vector = isVector(m.getReturnType());
                    for (Class<?> p : m.getParameterTypes()) {
                        vector |= isVector(p);
                    }
                    if (vector && !m.isSynthetic()) {
                        offenders.add(c.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        assertTrue(methods > 50, "found only " + methods + " kernel methods under " + root);
        assertTrue(offenders.isEmpty(), "methods that take or return vectors: " + offenders);
    }

    private static boolean isVector(Class<?> type) {
        return Vector.class.isAssignableFrom(type) || VectorMask.class.isAssignableFrom(type)
                || VectorShuffle.class.isAssignableFrom(type);
    }
}
