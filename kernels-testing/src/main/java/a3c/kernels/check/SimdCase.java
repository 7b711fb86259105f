package a3c.kernels.check;

import java.util.Map;

import a3c.kernels.testing.TestMemory;

/**
 * A SIMD kernel and its double-precision reference twin, run forward and backward on the same
 * float-representable inputs; every output tensor (forward outputs and all gradients) is compared.
 */
public interface SimdCase {
    /** Operation, shape and batch, for the report. */
    String name();

    /** The longest sum any output entry is made of: tolerances in unit tests grow with it. */
    int reductionLength();

    /** The reference's outputs by name ({@code y}, {@code dx}, {@code dw}, ...). */
    Map<String, double[]> reference();

    /** The SIMD kernel's outputs under the same names, computed in buffers taken from {@code memory}. */
    Map<String, double[]> simd(TestMemory memory);
}
