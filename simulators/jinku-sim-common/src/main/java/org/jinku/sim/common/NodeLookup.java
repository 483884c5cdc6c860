package org.jinku.sim.common;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import org.jinku.api.Node;

/**
 * Finds a node by name for work no callback carries (daily jobs, delayed notices): in OSGi, the
 * {@link Node} service registered with {@code jinku.node=<name>}, looked up when needed (never bound, so
 * nodes and the adapters they bind never wait for each other).
 */
@FunctionalInterface
public interface NodeLookup {

    NodeLookup NONE = new NodeLookup() {
        @Override
        public <T> Optional<T> with(String name, Function<Node, T> work) {
            return Optional.empty();
        }
    };

    /** Runs {@code work} with the node, if it is there; the result, or empty when there is no such node. */
    <T> Optional<T> with(String name, Function<Node, T> work);

    static NodeLookup registry(BundleContext ctx) {
        return new NodeLookup() {
            @Override
            public <T> Optional<T> with(String name, Function<Node, T> work) {
                Collection<ServiceReference<Node>> refs;
                try {
                    refs = ctx.getServiceReferences(Node.class, "(" + Node.SERVICE_PROPERTY + "=" + name + ")");
                } catch (InvalidSyntaxException | IllegalStateException e) {
                    return Optional.empty();
                }
                for (ServiceReference<Node> ref : refs) {
                    Node n = ctx.getService(ref);
                    if (n == null) {
                        continue;
                    }
                    try {
                        return Optional.ofNullable(work.apply(n));
                    } finally {
                        ctx.ungetService(ref);
                    }
                }
                return Optional.empty();
            }
        };
    }
}
