package org.jinku.shell.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Node;
import org.jinku.api.RejectionView;
import org.jinku.api.VoucherView;

@Command(scope = "jinku", name = "list", description = "Lists a node's newest vouchers, its status counts, or its rejections")
@Service
public class ListCommand extends NodeCommand {

    @Option(name = "--limit", description = "How many rows")
    int limit = 20;

    @Option(name = "--counts", description = "Count of sent vouchers per status code instead")
    boolean counts;

    @Option(name = "--rejections", description = "Refused inputs and their reasons instead")
    boolean rejections;

    @Override
    public Object execute() {
        Node n = node();
        ShellTable t = new ShellTable();
        if (counts) {
            t.column("Status");
            t.column("Meaning");
            t.column("Vouchers");
            for (Map.Entry<DeliveryStatus, Long> c : n.statusCounts().entrySet()) {
                t.addRow().addContent(c.getKey().code(), c.getKey().text(), c.getValue());
            }
        } else if (rejections) {
            t.column("Time");
            t.column("From");
            t.column("Voucher");
            t.column("Code");
            t.column("Reason").maxSize(100);
            for (RejectionView r : n.rejections(limit)) {
                t.addRow().addContent(r.at(), r.source(), r.voucherKey(), r.code(), r.reason());
            }
        } else {
            t.column("Voucher");
            t.column("Flag");
            t.column("Dir");
            t.column("Peer");
            t.column("State");
            t.column("Status");
            t.column("Amount");
            for (VoucherView v : n.list(limit)) {
                t.addRow().addContent(v.key(), v.voucherFlag(), v.direction(), v.peer(), v.state(),
                        v.direction() == org.jinku.api.Direction.OUT ? v.status().code() : "", v.payAmt());
            }
        }
        t.print(System.out);
        return null;
    }
}
