package org.jinku.shell.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.Node;

@Command(scope = "jinku", name = "ca-crl", description = "Shows the CRLs a node holds (its own CA's and those peers"
        + " sent); with --publish it first sends its CA's current CRL to every peer")
@Service
public class CaCrlCommand extends NodeCommand {

    @Option(name = "--publish", description = "Send the current CRL to every peer now")
    boolean publish;

    @Option(name = "--actor", description = "Who publishes it, for the record (default: the shell user)")
    String actor;

    @Override
    public Object execute() {
        Node n = node();
        if (publish) {
            n.publishCrl(actorOr(actor));
            System.out.println("CRL of " + n.name() + " sent to every peer");
        }
        ShellTable t = new ShellTable();
        t.column("Issuer").maxSize(70);
        t.column("CRL").maxSize(90);
        for (Map.Entry<String, String> c : n.crls().entrySet()) {
            t.addRow().addContent(c.getKey(), c.getValue());
        }
        t.print(System.out);
        return null;
    }
}
