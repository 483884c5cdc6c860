package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.ParkedMessage;

@Command(scope = "jinku", name = "parked",
        description = "Lists the messages the transport parked for a node after they failed again and again")
@Service
public class ParkedCommand extends NodeCommand {

    @Option(name = "--limit", description = "How many rows")
    int limit = 100;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Parked");
        t.column("Type");
        t.column("From");
        t.column("Message id");
        t.column("Deliveries");
        t.column("Bytes");
        t.column("Last failure").maxSize(100);
        for (ParkedMessage m : node().parked(limit)) {
            t.addRow().addContent(m.id(), m.parkedAt(), m.type(), m.from(), m.messageId(), m.deliveries(), m.bytes(),
                    m.reason());
        }
        t.print(System.out);
        return null;
    }
}
