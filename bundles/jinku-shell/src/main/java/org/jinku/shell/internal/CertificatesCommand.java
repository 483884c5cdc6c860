package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.CertificateView;

@Command(scope = "jinku", name = "certificates", description = "Lists the certificates a node signs with"
        + " (organisation, operators, seal maker) and what is due on them: renewal before expiry, revocation")
@Service
public class CertificatesCommand extends NodeCommand {

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Holder");
        t.column("Serial");
        t.column("Subject").maxSize(60);
        t.column("Not after");
        t.column("Days left");
        t.column("Warning").maxSize(60);
        int due = 0;
        for (CertificateView c : node().certificates()) {
            String warning = c.revoked() ? "REVOKED" + (c.warning() == null ? "" : ": " + c.warning())
                    : c.warning() == null ? "" : c.warning();
            due += warning.isEmpty() ? 0 : 1;
            t.addRow().addContent(c.holder(), c.serialHex(), c.subject(), c.notAfter(), c.daysLeft(), warning);
        }
        t.print(System.out);
        System.out.println(due == 0 ? "nothing due" : due + " certificate(s) need action");
        return null;
    }
}
