package org.jinku.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;

/** Tracks the {@link Node} services of this appliance as they come and go. */
@Component(service = NodeDirectory.class)
public class NodeDirectoryService implements NodeDirectory {

    private final Map<String, Node> nodes = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addNode(Node node) {
        nodes.put(node.name(), node);
    }

    void removeNode(Node node) {
        nodes.remove(node.name(), node);
    }

    @Override
    public List<Node> nodes() {
        List<Node> out = new ArrayList<>(nodes.values());
        out.sort(Comparator.comparing(Node::name));
        return out;
    }

    @Override
    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }
}
