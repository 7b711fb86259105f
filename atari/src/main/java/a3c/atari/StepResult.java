package a3c.atari;

/**
 * What one {@link Environment#step} did. Each environment owns one instance and returns it from every
 * step, so stepping allocates nothing: read the fields before the next call.
 */
public final class StepResult {
    private float reward;
    private double rawReward;
    private boolean episodeOver;
    private boolean lifeLost;
    private boolean gameOver;
    private boolean truncated;

    /** Sets every field; for {@link Environment} implementations. */
    public StepResult record(float reward, double rawReward, boolean episodeOver, boolean lifeLost,
                             boolean gameOver, boolean truncated) {
        this.reward = reward;
        this.rawReward = rawReward;
        this.episodeOver = episodeOver;
        this.lifeLost = lifeLost;
        this.gameOver = gameOver;
        this.truncated = truncated;
        return this;
    }

    /** The reward to train on: clipped to [-1, 1] when the options say so, else the raw reward. */
    public float reward() {
        return reward;
    }

    /** The game's own reward for this step (summed over the repeated frames), never clipped. */
    public double rawReward() {
        return rawReward;
    }

    /** The training episode ended: the game is over, or a life was lost under episodic life. */
    public boolean episodeOver() {
        return episodeOver;
    }

    /** The player lost a life during this step (whether or not that ends the training episode). */
    public boolean lifeLost() {
        return lifeLost;
    }

    /** The game itself is over (including truncation): the next reset starts a new game. */
    public boolean gameOver() {
        return gameOver;
    }

    /** The game was cut off by the episode cap rather than ended by play; implies {@link #gameOver()}. */
    public boolean truncated() {
        return truncated;
    }

    @Override
    public String toString() {
        return "StepResult[reward=" + reward + ", rawReward=" + rawReward + ", episodeOver=" + episodeOver
                + ", lifeLost=" + lifeLost + ", gameOver=" + gameOver + ", truncated=" + truncated + "]";
    }
}
