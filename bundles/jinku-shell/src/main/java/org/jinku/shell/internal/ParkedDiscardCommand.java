package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "parked-discard",
        description = "Drops a parked message for good; the node records it as a rejection with who did it")
@Service
public class ParkedDiscardCommand extends ParkedActionCommand {

    @Override
    public Object execute() {
        node().discardParked(id, actor());
        System.out.println("parked message " + id + " discarded at " + node);
        return null;
    }
}
