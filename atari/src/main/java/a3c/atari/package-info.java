/**
 * Environments for the A3C engine: Atari games through the Arcade Learning Environment with DeepMind
 * preprocessing, and two small built-in games that learn in seconds.
 *
 * <pre>
 * EnvOptions options = EnvOptions.defaults().frameStack(4).build();  // validated by make
 * try (Environment env = Environments.make("breakout", options, seed); Arena arena = Arena.ofShared()) {
 *     MemorySegment obs = arena.allocate(env.observationShape().bytes(), 64);
 *     env.reset(obs);
 *     while (training) {
 *         StepResult r = env.step(policy(obs), obs);                  // obs: 84x84x4 floats in [0, 1]
 *         frames += env.framesPerStep();
 *         if (r.gameOver()) report(env.episodeReturn(), env.episodeLength());
 *         if (r.episodeOver()) env.reset(obs);
 *     }
 * }
 * </pre>
 *
 * <p>Every refusal ({@link a3c.atari.EnvironmentException}) has a one-line message for the user: unknown
 * game, missing ROM (naming every place searched), wrong ROM (naming the expected game), bad option
 * ({@code name=value}). Packages: {@code ale} (ALE, ROM search), {@code pipeline} (the preprocessing over
 * any {@link a3c.atari.pipeline.Emulator}), {@code games} (catch, cartpole).
 */
package a3c.atari;
