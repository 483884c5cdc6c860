package org.jinku.shell.internal;

import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.NodeDirectory;
import org.jinku.catalog.sample.Operators;

@Command(scope = "jinku", name = "demo", description = "Runs a mix of every flow across the four parties:"
        + " quotas, direct and authorized payments, 实拨, clearing, a refund, notices and reports")
@Service
public class DemoCommand implements Action {

    @Reference
    NodeDirectory directory;

    /** The nodes' configurations: the box's operator PINs (pin.<userId>) the demo's operators sign with. */
    @Reference
    ConfigurationAdmin configAdmin;

    @Option(name = "--count", description = "Number of direct payments (5201) in the mix")
    int count = 100;

    @Option(name = "--timeout", description = "Seconds to wait for each flow's answers")
    int timeout = 300;

    @Override
    public Object execute() throws Exception {
        System.out.println("flows (every voucher made from docs/examples, each post signed by its own operator):");
        java.util.List<FourPartyDemo.Flow> flows = new FourPartyDemo(directory,
                name -> Operators.boxPins(configAdmin, name), System.out,
                Duration.ofSeconds(timeout)).run(count);
        java.util.Map<String, Long> t = FourPartyDemo.totals(flows);
        System.out.printf("demo: %d vouchers round-tripped, %d failed%n", t.get("ok"), t.get("all") - t.get("ok"));
        return null;
    }
}
