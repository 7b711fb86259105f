package a3c.atari.games;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import a3c.atari.EnvOptions;
import a3c.atari.Environment;
import a3c.atari.ObservationShape;
import a3c.atari.StepResult;

/**
 * CartPole, the classic control task of Barto, Sutton and Anderson (1983), with the constants, Euler
 * integration and limits of Gym's {@code CartPole-v1}.
 *
 * <pre>
 * state x, x', theta, theta' (double); observation the same 4 values as float32
 * start: each uniform in [-0.05, 0.05]
 * step:  force +-10 N (action 1 pushes right, 0 left); tau = 0.02 s; reward +1 every step, the last included
 * end:   |x| &gt; 2.4 or |theta| &gt; 12 degrees; cut off (truncated) after cartpoleMaxSteps = 500 steps
 * </pre>
 *
 * <p>Deterministic for a seed; steps allocate nothing.
 */
public final class CartPoleEnvironment implements Environment {
    static final double GRAVITY = 9.8;
    static final double CART_MASS = 1.0;
    static final double POLE_MASS = 0.1;
    static final double TOTAL_MASS = CART_MASS + POLE_MASS;
    /** Half the pole's length. */
    static final double LENGTH = 0.5;
    static final double POLE_MASS_LENGTH = POLE_MASS * LENGTH;
    static final double FORCE = 10.0;
    static final double TAU = 0.02;
    static final double THETA_LIMIT = 12 * 2 * Math.PI / 360;
    static final double X_LIMIT = 2.4;

    private static final String[] ACTIONS = {"LEFT", "RIGHT"};
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int maxSteps;
    private final ObservationShape shape = ObservationShape.vector(4);
    private final SplittableRandom random;
    private final StepResult result = new StepResult();
    private final double[] state = new double[4];
    private boolean over = true;
    private int episodeLength;

    public CartPoleEnvironment(EnvOptions options, long seed) {
        this.maxSteps = options.cartpoleMaxSteps();
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "cartpole";
    }

    @Override
    public ObservationShape observationShape() {
        return shape;
    }

    @Override
    public int actionCount() {
        return ACTIONS.length;
    }

    @Override
    public String actionName(int action) {
        return ACTIONS[action];
    }

    @Override
    public int framesPerStep() {
        return 1;
    }

    @Override
    public void reset(MemorySegment observation) {
        Games.checkBuffer(observation, shape);
        for (int i = 0; i < 4; i++) {
            state[i] = random.nextDouble(-0.05, 0.05);
        }
        over = false;
        episodeLength = 0;
        write(observation);
    }

    @Override
    public StepResult step(int action, MemorySegment observation) {
        Games.checkStep(observation, shape, over, action, ACTIONS.length);
        advance(state, action);
        episodeLength++;
        boolean failed = Math.abs(state[0]) > X_LIMIT || Math.abs(state[2]) > THETA_LIMIT;
        boolean truncated = !failed && episodeLength >= maxSteps;
        over = failed || truncated;
        write(observation);
        return result.record(1f, 1.0, over, false, over, truncated);
    }

    /** One Euler step of Gym's CartPole-v1 dynamics, in place on {@code s = x, x', theta, theta'}. */
    static void advance(double[] s, int action) {
        double x = s[0];
        double xDot = s[1];
        double theta = s[2];
        double thetaDot = s[3];
        double force = action == 1 ? FORCE : -FORCE;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        s[0] = x + TAU * xDot;
        s[1] = xDot + TAU * xAcc;
        s[2] = theta + TAU * thetaDot;
        s[3] = thetaDot + TAU * thetaAcc;
    }

    private void write(MemorySegment observation) {
        for (int i = 0; i < 4; i++) {
            observation.set(FLOAT, (long) i * Float.BYTES, (float) state[i]);
        }
    }

    /** The state, for tests. */
    double[] state() {
        return state.clone();
    }

    @Override
    public boolean gameOver() {
        return over;
    }

    @Override
    public int lives() {
        return 0;
    }

    @Override
    public double episodeReturn() {
        return episodeLength;
    }

    @Override
    public int episodeLength() {
        return episodeLength;
    }

    @Override
    public void close() {
        // Heap only: nothing to free.
    }
}
