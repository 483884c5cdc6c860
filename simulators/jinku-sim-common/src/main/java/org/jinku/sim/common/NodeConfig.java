package org.jinku.sim.common;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;

/**
 * A node's configuration as configuration admin holds it (factory PID {@code jinku.node}, the file
 * {@code etc/jinku.node-<name>.cfg}): what a simulator needs of it beyond the Node service, i.e. the node's
 * transport login for the {@link Wire} and, in the joint-test box, its operators' PINs ({@code pin.<userId>}),
 * with which the simulated party's people sign what it sends.
 */
@FunctionalInterface
public interface NodeConfig {

    /** No configuration: every node's is empty (no PINs). */
    NodeConfig NONE = node -> new Hashtable<>();

    String FACTORY_PID = "jinku.node";
    String PIN_PREFIX = "pin.";

    /** The node's configuration properties. */
    Dictionary<String, Object> of(String node);

    /** The operators' PINs of {@code node}, read now: user ID → PIN, null for an operator without one. */
    default Function<String, String> pins(String node) {
        Dictionary<String, Object> config = of(node);
        return user -> {
            Object pin = config.get(PIN_PREFIX + user);
            return pin == null || pin.toString().isBlank() ? null : pin.toString().trim();
        };
    }

    /** The configurations configuration admin holds, looked up when asked (never bound). */
    static NodeConfig registry(BundleContext ctx) {
        return node -> {
            ServiceReference<ConfigurationAdmin> ref = ctx.getServiceReference(ConfigurationAdmin.class);
            if (ref == null) {
                throw new JinkuException(RejectCode.INTERNAL_ERROR, "no configuration admin to read node " + node);
            }
            try {
                Configuration[] found = ctx.getService(ref).listConfigurations("(&(service.factoryPid=" + FACTORY_PID
                        + ")(" + Node.SERVICE_PROPERTY + "=" + node + "))");
                if (found == null || found.length == 0 || found[0].getProperties() == null) {
                    throw new JinkuException(RejectCode.INTERNAL_ERROR, "no configuration for node " + node);
                }
                return found[0].getProperties();
            } catch (java.io.IOException | InvalidSyntaxException e) {
                throw new JinkuException(RejectCode.INTERNAL_ERROR, "cannot read the configuration of node " + node
                        + ": " + e.getMessage());
            } finally {
                ctx.ungetService(ref);
            }
        };
    }
}
