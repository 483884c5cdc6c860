package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;

/** A command on one node, named by its first argument. */
abstract class NodeCommand implements Action {

    @Reference
    NodeDirectory directory;

    @Argument(index = 0, name = "node", required = true, description = "Node name")
    @Completion(NodeNameCompleter.class)
    String node;

    Node node() {
        return directory.require(node);
    }

    /** Who acts, for the record: the logged-in account; a different {@code --actor} is refused. */
    static String actorOr(String given) {
        return ShellCaller.actor(given);
    }

    /** The logged-in account, which must hold a post on this node, as the actor of a voucher action. */
    String operatorOnNode(String given) {
        ShellCaller.onNode(node);
        return ShellCaller.actor(given);
    }
}
