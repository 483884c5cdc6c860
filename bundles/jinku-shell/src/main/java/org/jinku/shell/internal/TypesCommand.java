package org.jinku.shell.internal;

import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;

@Command(scope = "jinku", name = "types", description = "Lists the voucher types of the catalogue: who sends them"
        + " to whom, whether a 回单 is due, and the stamp positions with their posts")
@Service
public class TypesCommand implements Action {

    @Reference
    VoucherCatalog catalog;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("VtCode");
        table.column("name");
        table.column("from → to");
        table.column("routed by");
        table.column("回单");
        table.column("sender positions");
        table.column("receipt positions");
        for (VoucherType t : catalog.types()) {
            table.addRow().addContent(t.vtCode() + (t.vtCodeChosen() ? "*" : ""), t.name(),
                    t.sender() + " → " + t.receiver(), t.routeField() == null ? "" : t.routeField(),
                    t.receiptDue() ? (t.receiptCopyTo().isEmpty() ? "yes" : "yes, copy " + t.receiptCopyTo()) : "no",
                    positions(t.senderPositions()), positions(t.receiptPositions()));
        }
        table.print(System.out);
        System.out.println("* VtCode chosen by Jinku (none known from deployed systems); set vtcode.<meaning> in"
                + " etc/jinku.catalog.cfg");
        return null;
    }

    private static String positions(java.util.List<VoucherType.StampPosition> ps) {
        return ps.stream().map(p -> p.no() + ":" + p.post().label() + (p.organisation() ? "(机构)" : ""))
                .collect(Collectors.joining(" "));
    }
}
