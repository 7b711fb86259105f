package a3c.engine.cluster;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What every node of a run must run the same of: the engine's version from the jar's manifest and the first
 * bytes of the jar's SHA-256, so two builds of one version differ too ("dev" from classes, as in tests).
 */
final class EngineVersion {
    private static final String CURRENT = compute();

    private EngineVersion() {
    }

    static String current() {
        return CURRENT;
    }

    private static String compute() {
        String version = EngineVersion.class.getPackage().getImplementationVersion();
        try {
            Path jar = Path.of(EngineVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (version == null || !Files.isRegularFile(jar)) {
                return "dev";
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(jar)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            return version + " (jar " + HexFormat.of().formatHex(sha.digest(), 0, 6) + ")";
        } catch (Exception e) {
            return version == null ? "dev" : version;
        }
    }
}
