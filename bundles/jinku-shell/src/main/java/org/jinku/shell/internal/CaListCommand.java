package org.jinku.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.IssuedCertificate;

@Command(scope = "jinku", name = "ca-list", description = "Lists every certificate the CA issued: serial, subject,"
        + " kind, expiry, days left and state (REVOKED(reason), EXPIRED, EXPIRES IN n DAYS, valid)")
@Service
public class CaListCommand extends CaCommand {

    @Option(name = "--warn-days", description = "Say EXPIRES IN n DAYS this many days ahead")
    int warnDays = 60;

    @Override
    public Object execute() {
        List<IssuedCertificate> issued = ca(a -> a.issued());
        Instant now = Instant.now();
        ShellTable t = new ShellTable();
        t.column("Serial");
        t.column("Subject").maxSize(70);
        t.column("Kind");
        t.column("Not after");
        t.column("Days left");
        t.column("State");
        for (IssuedCertificate c : issued) {
            t.addRow().addContent(c.serialHex(), c.subject(), c.kind(), c.notAfter(), daysLeft(c, now),
                    state(c, now, warnDays));
        }
        t.print(System.out);
        return null;
    }

    /** Whole days until notAfter, negative once expired. */
    static long daysLeft(IssuedCertificate c, Instant now) {
        return Math.floorDiv(Duration.between(now, c.notAfter()).toSeconds(), 86_400L);
    }

    /** REVOKED(reason), EXPIRED, EXPIRES IN n DAYS (within {@code warnDays}), or valid. */
    static String state(IssuedCertificate c, Instant now, int warnDays) {
        if (c.revoked()) {
            return "REVOKED(" + (c.revocationReason() == null ? "unspecified" : c.revocationReason()) + ")";
        }
        if (!c.notAfter().isAfter(now)) {
            return "EXPIRED";
        }
        long days = daysLeft(c, now);
        return days <= warnDays ? "EXPIRES IN " + days + (days == 1 ? " DAY" : " DAYS") : "valid";
    }
}
