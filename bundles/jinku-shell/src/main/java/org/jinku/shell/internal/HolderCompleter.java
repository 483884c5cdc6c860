package org.jinku.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import org.jinku.api.NodeDirectory;
import org.jinku.api.UserInfo;

/** Completes a key container's holder on the node named before it: its operators and org. */
@Service
public class HolderCompleter implements Completer {

    @Reference
    NodeDirectory directory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        SealIdCompleter.nodeOf(directory, commandLine).ifPresent(n -> {
            n.users().stream().map(UserInfo::userId).forEach(delegate.getStrings()::add);
            delegate.getStrings().add("org");
        });
        return delegate.complete(session, commandLine, candidates);
    }
}
