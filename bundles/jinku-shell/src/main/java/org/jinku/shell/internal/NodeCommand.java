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

    /** Who acts, for the record: the given name, else the shell user. */
    static String actorOr(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String user = org.apache.karaf.shell.support.ShellUtil.getCurrentUserName();
        return user == null || user.isBlank() ? "shell" : user;
    }
}
