package org.jinku.shell.internal;

import java.util.Collection;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Services a command needs only when it runs (a crypto provider, a CA), looked up then and released after, so
 * the commands exist, and say what is missing, even where the service is not (a site with another CA).
 */
final class Services {

    private Services() {
    }

    /** Runs {@code work} with the first service of {@code type} matching {@code filter} (null: any). */
    static <T, R> R with(BundleContext ctx, Class<T> type, String filter, Function<T, R> work) {
        Collection<ServiceReference<T>> refs;
        try {
            refs = ctx.getServiceReferences(type, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("'" + filter + "' is not an OSGi filter: " + e.getMessage());
        }
        for (ServiceReference<T> ref : refs) {
            T service = ctx.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                return work.apply(service);
            } finally {
                ctx.ungetService(ref);
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " service" + (filter == null ? "" : " " + filter)
                + " here");
    }
}
