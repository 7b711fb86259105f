package a3c.atari.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sliding-window frame stack against a plain deque of frames, across many window wrap-arounds. */
class FrameStackTest {
    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 4, 5})
    void matchesADequeOfFrames(int k) {
        int pixels = 6;
        FrameStack stack = new FrameStack(k, pixels);
        Deque<float[]> frames = new ArrayDeque<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment obs = arena.allocate((long) k * pixels * Float.BYTES);
            for (int t = 0; t < 200; t++) {
                float[] frame = new float[pixels];
                for (int p = 0; p < pixels; p++) {
                    frame[p] = t * 100 + p;
                }
                if (t % 37 == 0) {
                    stack.fill(frame);
                    frames.clear();
                    for (int c = 0; c < k; c++) {
                        frames.addLast(frame);
                    }
                } else {
                    stack.push(frame);
                    frames.addLast(frame);
                    frames.removeFirst();
                }
                stack.write(obs);
                int c = 0;
                for (float[] f : frames) {
                    for (int p = 0; p < pixels; p++) {
                        assertEquals(f[p], obs.getAtIndex(ValueLayout.JAVA_FLOAT, (long) p * k + c),
                                "t=" + t + " p=" + p + " c=" + c);
                    }
                    c++;
                }
            }
        }
    }
}
