package a3c.engine.net;

import java.util.List;

import a3c.kernels.memory.Layout;

/** The parameter tensors of a list of layers, in layer order: the one layout every arena of a network shares. */
final class ParameterLayout {
    private ParameterLayout() {
    }

    static Layout of(List<LayerSpec> layers) {
        Layout.Builder b = Layout.builder();
        for (LayerSpec l : layers) {
            l.declareParameters(b);
        }
        return b.build();
    }
}
