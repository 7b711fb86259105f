package a3c.kernels.check;

import java.util.Map;

/**
 * A reference kernel (double precision) packaged for a finite-difference check of its backward.
 *
 * <p>The checked scalar is {@code L = sum(dOut . forward())}; its gradient with respect to each input is
 * what {@link #backward(double[])} returns. Cases must keep inputs away from kinks (ReLU at 0, ties in a
 * max-pool window) by more than the finite-difference step, so that central differences are exact
 * up to rounding.
 */
public interface GradCase {
    /** Operation and shape, for the report: {@code "conv2d x:2,9,9,5 w:3,3,5,7 s2"}. */
    String name();

    /** The tensors to differentiate with respect to, by name, as the live arrays that forward reads. */
    Map<String, double[]> inputs();

    /** The output, flattened, computed from the current contents of {@link #inputs()}. */
    double[] forward();

    /** Fresh gradient arrays of {@code sum(dOut . forward())} for each input (same keys as inputs). */
    Map<String, double[]> backward(double[] dOut);
}
