package org.jinku.api;

import java.util.List;
import java.util.Optional;

/** The nodes running in this appliance, by name. Used by the REST API, the shell and the simulators. */
public interface NodeDirectory {

    List<Node> nodes();

    Optional<Node> node(String name);

    /** The node or a clear error naming the ones that exist. */
    default Node require(String name) {
        return node(name).orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_NODE, "no node named '" + name
                + "'; nodes here: " + nodes().stream().map(Node::name).toList()));
    }
}
