package a3c.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** The version in the jar's manifest (or "dev" when run from classes). */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"a3c engine " + (v == null ? "dev" : v) + " on Java " + Runtime.version()};
    }
}
