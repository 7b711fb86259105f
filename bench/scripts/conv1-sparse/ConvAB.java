package a3c.kernels;
import java.lang.foreign.*;
import java.util.*;
import a3c.atari.*;
import a3c.engine.env.*;
/** Dense against sparse conv1 on real frames of a game, alternated in rounds, medians. */
public class ConvAB {
  public static void main(String[] a) throws Exception {
    String game = a.length > 0 ? a[0] : "breakout";
    ConvShape s = ConvShape.parse("84x84x4>20x20x16 k8s4");
    Environment env = new FilteredEnvironment(Environments.make(game, EnvOptions.defaults().romDir(java.nio.file.Path.of("/work/shared/roms")).build(), 1),
        new BackgroundSubtraction(s.inSize()));
    int frames = 200, batch = 4, rows = 20;
    Arena arena = Arena.ofConfined();
    MemorySegment obs = arena.allocate(4L * s.inSize() * frames, 64);
    env.reset(obs.asSlice(0, 4L * s.inSize()));
    Random r = new Random(1);
    for (int f = 1; f < frames; f++) {
      MemorySegment o = obs.asSlice(4L * s.inSize() * f, 4L * s.inSize());
      if (env.gameOver()) env.reset(o); else env.step(r.nextInt(env.actionCount()), o);
      for (int skip = 0; skip < 5; skip++) { if (env.gameOver()) env.reset(o); else env.step(r.nextInt(env.actionCount()), o); }
    }
    MemorySegment w = arena.allocate(4L * s.weightSize(), 64), b = arena.allocate(64L * 4, 64);
    for (int i = 0; i < s.weightSize(); i++) w.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) r.nextGaussian() * 0.05f);
    MemorySegment y = arena.allocate(4L * s.outSize() * batch, 64);
    MemorySegment dy = arena.allocate(4L * s.outSize() * rows, 64);
    for (int i = 0; i < s.outSize() * rows; i++) dy.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) r.nextGaussian());
    MemorySegment dw = arena.allocate(4L * s.weightSize(), 64), db = arena.allocate(64L * 4, 64), scratch = arena.allocate(4L * s.backwardParamsScratchFloats(), 64);
    int[] index = new int[s.sparseIndexInts()];
    int calls = 100, rounds = 40;
    double[][] t = new double[4][rounds];
    for (int round = -10; round < rounds; round++) {
      long[] ns = new long[4];
      for (int v = 0; v < 4; v++) {
        long t0 = System.nanoTime();
        for (int c = 0; c < calls; c++) {
          int f = (c * 7 + round * 13 & 0x7fffffff) % (frames - rows);
          MemorySegment x4 = obs.asSlice(4L * s.inSize() * f, 4L * s.inSize() * batch), x20 = obs.asSlice(4L * s.inSize() * f, 4L * s.inSize() * rows);
          switch (v) {
            case 0 -> Conv2d.forward(s, batch, x4, w, b, y);
            case 1 -> Conv2d.forwardSparse(s, batch, x4, w, b, y, index);
            case 2 -> Conv2d.backwardParams(s, rows, x20, dy, dw, db, scratch);
            default -> Conv2d.backwardParamsSparse(s, rows, x20, dy, dw, db, scratch, index);
          }
        }
        ns[v] = System.nanoTime() - t0;
      }
      if (round >= 0) for (int v = 0; v < 4; v++) t[v][round] = ns[v] / (double) calls / 1e3;
    }
    for (double[] v : t) Arrays.sort(v);
    double fd = t[0][rounds/2], fs = t[1][rounds/2], bd = t[2][rounds/2], bs = t[3][rounds/2];
    System.out.printf("%s: forward at batch %d: dense %.1f us, sparse %.1f us (%.2fx); weight gradient over %d rows: dense %.1f us, sparse %.1f us (%.2fx)%n",
        game, batch, fd, fs, fd / fs, rows, bd, bs, bd / bs);
  }
}
