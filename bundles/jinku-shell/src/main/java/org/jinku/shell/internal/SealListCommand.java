package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.SealView;

@Command(scope = "jinku", name = "seal-list", description = "Lists a node's e-seals (电子印章): state, who applied,"
        + " approved and made each, and its registration (备案) with every peer")
@Service
public class SealListCommand extends NodeCommand {

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Name").maxSize(30);
        t.column("Position");
        t.column("State");
        t.column("Ver");
        t.column("Applied/approved/made by");
        t.column("Valid until");
        t.column("Registrations (备案)").maxSize(80);
        for (SealView s : node().seals()) {
            t.addRow().addContent(s.sealId(), s.name(), s.position(), s.state(), s.version(),
                    s.appliedBy() + "/" + (s.approvedBy() == null ? "-" : s.approvedBy()) + "/"
                            + (s.madeBy() == null ? "-" : s.madeBy()),
                    s.validEnd() == null ? "" : s.validEnd(), s.registrations());
        }
        t.print(System.out);
        return null;
    }
}
