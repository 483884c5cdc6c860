package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "hold", description = "Holds everything this node sends to a peer in its outbox"
        + " (a peer's announced downtime; a joint test's cut link), or with --release sends it on; no peer: lists"
        + " the held ones")
@Service
public class HoldCommand extends NodeCommand {

    @Argument(index = 1, name = "peer", description = "Transport address of the peer")
    String peer;

    @Option(name = "--release", description = "Release the hold: what waited is sent, in order")
    boolean release;

    @Option(name = "--actor", description = "Who holds it, for the log (default: the shell user)")
    String actor;

    @Override
    public Object execute() {
        if (peer != null) {
            node().holdPeer(peer, !release, actorOr(actor));
        }
        System.out.println("node " + node().name() + " holds what goes to: " + node().heldPeers());
        return null;
    }
}
