package org.jinku.shell.internal;

import java.math.BigInteger;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import org.jinku.api.IssuedCertificate;
import org.jinku.api.spi.CertificateAuthority;

@Command(scope = "jinku", name = "ca-revoke", description = "Revokes a certificate the CA issued (by serial, as"
        + " jinku:ca-list shows it); peers refuse it once they hold the new CRL (jinku:ca-crl <node> --publish sends"
        + " it now). For a lost key, jinku:ca-report-lost does both")
@Service
public class CaRevokeCommand extends CaCommand {

    @Argument(index = 0, name = "serial", required = true, description = "Serial number, hex")
    String serial;

    @Option(name = "--reason", description = "RFC 5280 reason: unspecified (default), keyCompromise,"
            + " affiliationChanged, superseded, cessationOfOperation, certificateHold")
    @Completion(value = StringsCompleter.class, values = {"unspecified", "keyCompromise", "affiliationChanged",
            "superseded", "cessationOfOperation", "certificateHold"})
    String reason = "unspecified";

    @Option(name = "--actor", description = "Who revokes it, for the record (default: the shell user)")
    String actor;

    @Override
    public Object execute() {
        if (!CertificateAuthority.REASONS.contains(reason)) {
            throw new IllegalArgumentException("reason '" + reason + "' is not one of " + CertificateAuthority.REASONS);
        }
        BigInteger s;
        try {
            s = new BigInteger(serial.trim(), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("serial '" + serial + "' is not a hex number");
        }
        IssuedCertificate c = ca(a -> a.revoke(s, reason, NodeCommand.actorOr(actor)));
        System.out.println("certificate " + c.serialHex() + " (" + c.subject() + ") " + CaListCommand.state(c,
                java.time.Instant.now(), 0));
        return null;
    }
}
