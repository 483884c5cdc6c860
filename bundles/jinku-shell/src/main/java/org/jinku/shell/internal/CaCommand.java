package org.jinku.shell.internal;

import java.util.function.Function;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.framework.BundleContext;

import org.jinku.api.spi.CertificateAuthority;

/** A command on the certificate authority of this appliance (the box CA, jinku.ca=box), or the one --ca names. */
abstract class CaCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Option(name = "--ca", description = "Id of the CA (its jinku.ca property); default: the only one here")
    String ca;

    <R> R ca(Function<CertificateAuthority, R> work) {
        String filter = ca == null || ca.isBlank() ? null : "(" + CertificateAuthority.SERVICE_PROPERTY + "=" + ca.trim() + ")";
        return Services.with(bundleContext, CertificateAuthority.class, filter, work);
    }
}
