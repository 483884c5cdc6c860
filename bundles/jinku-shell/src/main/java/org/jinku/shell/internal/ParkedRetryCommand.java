package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "parked-retry",
        description = "Puts a parked message back at the end of the node's inbox, to be processed again")
@Service
public class ParkedRetryCommand extends ParkedActionCommand {

    @Override
    public Object execute() {
        node().retryParked(id, actor());
        System.out.println("parked message " + id + " put back in the inbox of " + node);
        return null;
    }
}
