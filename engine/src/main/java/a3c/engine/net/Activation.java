package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.Elu;
import a3c.kernels.Relu;

/** The nonlinearity after a convolution: ReLU (the paper's nets) or ELU (universe-starter-agent's). */
public enum Activation {
    RELU,
    ELU;

    /** {@code y = f(y)} in place over {@code length} floats. */
    void forwardInPlace(MemorySegment y, int length) {
        switch (this) {
            case RELU -> Relu.forward(y, y, length);
            case ELU -> Elu.forward(y, y, length);
        }
    }

    /** {@code dPre += f'(pre) dy}, read from the output {@code y}. */
    void backward(MemorySegment y, MemorySegment dy, MemorySegment dPre, int length) {
        switch (this) {
            case RELU -> Relu.backward(y, dy, dPre, length);
            case ELU -> Elu.backward(y, dy, dPre, length);
        }
    }
}
