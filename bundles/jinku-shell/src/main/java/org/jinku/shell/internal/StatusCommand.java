package org.jinku.shell.internal;

import java.util.Map;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.EventView;
import org.jinku.api.Node;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;

@Command(scope = "jinku", name = "status", description = "Shows a voucher's status, signatures and event history")
@Service
public class StatusCommand extends NodeCommand {

    @Argument(index = 1, name = "key", required = true, description = "AdmDivCode/StYear/VtCode/VoucherNo")
    String key;

    @Override
    public Object execute() {
        Node n = node();
        VoucherKey k = VoucherKey.parse(key);
        boolean any = false;
        for (int flag = 0; flag <= 1; flag++) {
            Optional<VoucherView> v = n.find(k, flag);
            if (v.isEmpty()) {
                continue;
            }
            any = true;
            VoucherView view = v.get();
            System.out.println((flag == 0 ? "Voucher " : "Receipt (回单) ") + view.key() + "  " + view.direction()
                    + " peer " + view.peer() + "  state " + view.state() + "  amount " + view.payAmt()
                    + (view.reason() == null ? "" : "  reason: " + view.reason()));
            for (Map.Entry<String, DeliveryStatus> d : view.deliveries().entrySet()) {
                System.out.println("  to " + d.getKey() + ": status " + d.getValue().code() + " " + d.getValue().text());
            }
            for (VoucherView.SignatureView s : view.signatures()) {
                System.out.println("  signed " + s.position() + " " + s.post() + " by "
                        + (s.userId() == null ? s.signer() : s.userId()) + " cert " + s.certSerialHex());
            }
        }
        if (!any) {
            System.out.println("status -1: voucher " + k + " is not stored at " + node);
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Time");
        t.column("Flag");
        t.column("Event");
        t.column("By");
        t.column("Detail").maxSize(90);
        for (EventView e : n.history(k)) {
            t.addRow().addContent(e.at(), e.voucherFlag(), e.kind(), e.actor(), e.detail());
        }
        t.print(System.out);
        System.out.println("history hash chain: " + (n.historyIntact(k) ? "intact" : "BROKEN — events were altered or removed"));
        return null;
    }
}
