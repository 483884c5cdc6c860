package org.jinku.scenario.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jinku.api.Node;

/**
 * The appliance a scenario runs against: its nodes, the simulators' settings and node restarts. Parties
 * listed as real (a bank's own test node in place of the simulator) are not driven from here.
 */
interface Box {

    Node node(String name);

    List<Node> nodes();

    /** Parties played by real systems: steps acting as them, or looking inside them, are skipped. */
    Set<String> realParties();

    /** The simulator (its configuration PID) that plays {@code party}; one may play several nodes. */
    String simulatorOf(String party);

    /**
     * Sets settings of a simulator (null value: remove) and returns what they were before (null: unset), so
     * a scenario's faults can be reset when it ends.
     */
    Map<String, Object> simulatorSettings(String simulator, Map<String, Object> values);

    /**
     * The PIN of each operator of {@code node} as the box configures it ({@code pin.<userId>} in the node's
     * configuration); null for one without.
     */
    Function<String, String> pins(String node);

    /** Restarts a node (its configuration is touched) and waits until it is back. */
    void restart(String node);
}
