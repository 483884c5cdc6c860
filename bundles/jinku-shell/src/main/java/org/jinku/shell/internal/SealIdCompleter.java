package org.jinku.shell.internal;

import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.SealView;

/** Completes the id of a seal of the node named before it (final ones, changed or revoked, last). */
@Service
public class SealIdCompleter implements Completer {

    @Reference
    NodeDirectory directory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        nodeOf(directory, commandLine).ifPresent(n -> n.seals().stream().filter(s -> !s.state().isFinal())
                .map(SealView::sealId).forEach(delegate.getStrings()::add));
        return delegate.complete(session, commandLine, candidates);
    }

    /** The node named by the first word after the command that is a node's name. */
    static Optional<Node> nodeOf(NodeDirectory directory, CommandLine commandLine) {
        String[] words = commandLine.getArguments();
        for (int i = 1; i < words.length && i < commandLine.getCursorArgumentIndex(); i++) {
            Optional<Node> n = directory.node(words[i]);
            if (n.isPresent()) {
                return n;
            }
        }
        return Optional.empty();
    }
}
