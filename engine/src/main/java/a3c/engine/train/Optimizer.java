package a3c.engine.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import a3c.engine.UserError;
import a3c.engine.Words;

/**
 * The shared optimiser every worker steps (Hogwild), and the statistics it keeps beside the parameters:
 * RMSProp one array of mean squares (the A3C paper's), Adam two, its first and second moments, both laid out
 * like the parameters and held in one block (checkpoints store it whole).
 */
public enum Optimizer {
    RMSPROP(1),
    ADAM(2);

    private final int statisticsPerParameter;

    Optimizer(int statisticsPerParameter) {
        this.statisticsPerParameter = statisticsPerParameter;
    }

    /** Arrays of the parameter layout's size the optimiser keeps. */
    public int statisticsPerParameter() {
        return statisticsPerParameter;
    }

    /** The name {@code --optimizer} takes. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Optimizer> find(String name) {
        return Arrays.stream(values()).filter(o -> o.cliName().equals(name)).findFirst();
    }

    /** The optimiser of that name, or a one-line {@link UserError} listing them. */
    public static Optimizer named(String name) {
        return find(name).orElseThrow(() -> new UserError("--optimizer=" + name + " is not an optimiser: use "
                + Words.list(Arrays.stream(values()).map(Optimizer::cliName).toList(), "or")));
    }
}
