package a3c.atari;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import a3c.atari.ale.AleEmulator;
import a3c.atari.ale.AleGames;
import a3c.atari.ale.Roms;
import a3c.atari.games.CartPoleEnvironment;
import a3c.atari.games.CatchEnvironment;
import a3c.atari.pipeline.AtariEnvironment;

/**
 * Makes any environment by name: {@code catch}, {@code cartpole}, or an ALE game ({@code breakout},
 * {@code pong}, ... any of {@link AleGames#NAMES}).
 *
 * <pre>
 * EnvOptions options = EnvOptions.defaults().frameStack(1).build();
 * try (Environment env = Environments.make("breakout", options, seed)) { ... }
 * </pre>
 */
public final class Environments {
    public static final String CATCH = "catch";
    public static final String CARTPOLE = "cartpole";

    private Environments() {
    }

    /**
     * Validates the options, finds and checks the ROM for an Atari game, and starts the environment.
     *
     * @param name    a game name (case and {@code -} versus {@code _} do not matter)
     * @param seed    the same seed gives the same observations for the same actions
     * @throws EnvironmentException with a one-line message: unknown game, missing or wrong ROM, bad option
     */
    public static Environment make(String name, EnvOptions.Builder options, long seed) {
        return make(name, options.build(), seed);
    }

    /** {@link #make(String, EnvOptions.Builder, long)} with options already built. */
    public static Environment make(String name, EnvOptions options, long seed) {
        options.validate();
        String game = canonical(name);
        return switch (game) {
            case CATCH -> new CatchEnvironment(options, seed);
            case CARTPOLE -> new CartPoleEnvironment(options, seed);
            default -> {
                Path rom = Roms.resolve(game, options);
                yield new AtariEnvironment(game, new AleEmulator(rom, seed, options.repeatActionProbability()),
                        options, seed);
            }
        };
    }

    /**
     * The canonical form of a game name ({@code Space-Invaders} gives {@code space_invaders}).
     *
     * @throws EnvironmentException {@code UNKNOWN_GAME}, listing every known name
     */
    public static String canonical(String name) {
        String game = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        if (isBuiltIn(game) || AleGames.isKnown(game)) {
            return game;
        }
        throw new EnvironmentException(EnvironmentException.Kind.UNKNOWN_GAME, "unknown game '" + name
                + "': use one of " + String.join(", ", knownNames()));
    }

    public static boolean isBuiltIn(String name) {
        return CATCH.equals(name) || CARTPOLE.equals(name);
    }

    /** Every name {@link #make} accepts: the built-in games first, then ALE's games. */
    public static List<String> knownNames() {
        List<String> names = new ArrayList<>();
        names.add(CATCH);
        names.add(CARTPOLE);
        names.addAll(AleGames.NAMES);
        return List.copyOf(names);
    }
}
