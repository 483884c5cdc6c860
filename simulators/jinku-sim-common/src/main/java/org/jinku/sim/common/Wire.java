package org.jinku.sim.common;

import java.util.Collection;
import java.util.Dictionary;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.PeerTransport;

/**
 * Puts a message on the transport as a party but outside its node, the way a broken front-end or an
 * insider holding the party's broker login could: the simulators' tamper fault uses it, so receivers meet
 * a forged copy from the very peer they trust. It logs in with the node's own transport login (read from
 * the node's configuration, {@code transport.user}/{@code transport.password}) on a send-only endpoint.
 */
@FunctionalInterface
public interface Wire {

    Wire NONE = (node, destination, message) -> {
        throw new JinkuException(RejectCode.INTERNAL_ERROR, "no transport here to send as " + node.name());
    };

    void send(Node node, String destination, PeerTransport.Message message);

    static Wire registry(BundleContext ctx) {
        NodeConfig configs = NodeConfig.registry(ctx);
        return (node, destination, message) -> {
            Dictionary<String, Object> config = configs.of(node.name());
            String user = text(config.get("transport.user"), node.address());
            String password = text(config.get("transport.password"), "");
            String target = text(config.get("transport.target"), null);
            Collection<ServiceReference<PeerTransport>> refs;
            try {
                refs = ctx.getServiceReferences(PeerTransport.class, target);
            } catch (InvalidSyntaxException e) {
                throw new JinkuException(RejectCode.INTERNAL_ERROR, "node " + node.name() + " has transport.target "
                        + target + ", not a filter");
            }
            ServiceReference<PeerTransport> ref = refs.stream().findFirst().orElseThrow(() -> new JinkuException(
                    RejectCode.INTERNAL_ERROR, "no transport " + target + " for node " + node.name()));
            PeerTransport transport = ctx.getService(ref);
            try (PeerTransport.Endpoint out = transport.open(node.address(), user,
                    password.isEmpty() ? null : password, null)) {
                out.send(destination, message);
            } finally {
                ctx.ungetService(ref);
            }
        };
    }

    private static String text(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value.toString().trim();
    }
}
