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
            switch (l) {
                case LayerSpec.Conv c -> b.add(c.name() + ".w", c.shape().weightShape()).add(c.name() + ".b", c.shape().outC());
                case LayerSpec.Pool p -> { }
                case LayerSpec.Dense d -> b.add(d.name() + ".w", d.in(), d.out()).add(d.name() + ".b", d.out());
                case LayerSpec.Lstm s -> b.add(s.name() + ".wx", s.in(), 4 * s.hidden())
                        .add(s.name() + ".wh", s.hidden(), 4 * s.hidden())
                        .add(s.name() + ".b", 4 * s.hidden());
                case LayerSpec.Heads h -> b.add(h.name() + ".w", h.in(), h.actions() + 1).add(h.name() + ".b", h.actions() + 1);
            }
        }
        return b.build();
    }
}
