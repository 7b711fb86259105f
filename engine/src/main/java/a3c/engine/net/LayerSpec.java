package a3c.engine.net;

import a3c.kernels.ConvShape;
import a3c.kernels.PoolShape;

/**
 * One layer of a network, as data: what it computes, its sizes, and the names of its parameter tensors
 * (all prefixed with the layer's name, e.g. {@code conv1.w}).
 */
public sealed interface LayerSpec {
    String name();

    /** Floats of one sample going in. */
    int inSize();

    /** Floats of one sample coming out. */
    int outSize();

    /** Convolution (VALID) followed by ReLU; weights {@code name.w} laid out as the kernel wants, bias {@code name.b}. */
    record Conv(String name, ConvShape shape) implements LayerSpec {
        public int inSize() {
            return shape.inSize();
        }

        public int outSize() {
            return shape.outSize();
        }
    }

    /** Max-pool; no parameters. */
    record Pool(String name, PoolShape shape) implements LayerSpec {
        public int inSize() {
            return shape.inSize();
        }

        public int outSize() {
            return shape.outSize();
        }
    }

    /** Fully connected {@code in → out}, followed by ReLU when {@code relu}. */
    record Dense(String name, int in, int out, boolean relu) implements LayerSpec {
        public int inSize() {
            return in;
        }

        public int outSize() {
            return out;
        }
    }

    /** An LSTM cell of {@code hidden} units; its state is carried across rollouts and reset at episode ends. */
    record Lstm(String name, int in, int hidden) implements LayerSpec {
        public int inSize() {
            return in;
        }

        public int outSize() {
            return hidden;
        }
    }

    /**
     * The two heads as one dense layer {@code in → actions + 1}: columns {@code 0..actions-1} are the policy
     * logits (followed by a softmax), the last column is the value.
     */
    record Heads(String name, int in, int actions) implements LayerSpec {
        public int inSize() {
            return in;
        }

        public int outSize() {
            return actions + 1;
        }
    }
}
