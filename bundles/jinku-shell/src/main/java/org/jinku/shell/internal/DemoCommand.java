package org.jinku.shell.internal;

import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.NodeDirectory;

@Command(scope = "jinku", name = "demo", description = "Round-trips sample 5201 vouchers finance → bank → signed receipt back")
@Service
public class DemoCommand implements Action {

    @Reference
    NodeDirectory directory;

    @Option(name = "--count", description = "Number of vouchers")
    int count = 100;

    @Option(name = "--node", description = "Sending node")
    @Completion(NodeNameCompleter.class)
    String node = "finance";

    @Option(name = "--adm-div", description = "AdmDivCode of the vouchers")
    String admDiv = "210000";

    @Option(name = "--timeout", description = "Seconds to wait for the receipts")
    int timeout = 300;

    @Override
    public Object execute() throws Exception {
        RoundTrip.Result r = RoundTrip.run(directory.require(node), admDiv, count, 3, 2, Duration.ofSeconds(timeout),
                System.out);
        RoundTrip.printCounts(r, System.out);
        System.out.printf("demo: %d vouchers round-tripped, %d failed%n", r.ok(), r.failed());
        return null;
    }
}
