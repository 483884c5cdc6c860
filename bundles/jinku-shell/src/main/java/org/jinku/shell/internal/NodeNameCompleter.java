package org.jinku.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;

/** Completes node names. */
@Service
public class NodeNameCompleter implements Completer {

    @Reference
    NodeDirectory directory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        directory.nodes().stream().map(Node::name).forEach(delegate.getStrings()::add);
        return delegate.complete(session, commandLine, candidates);
    }
}
