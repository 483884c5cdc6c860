package org.jinku.web.rest;

import java.security.Principal;

import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.core.SecurityContext;

import org.jinku.api.security.Operator;

/** The logged-in operator of a request, as the API's authentication filter established it. */
public final class Caller {

    private Caller() {
    }

    /** The principal the filter puts into the request's {@link SecurityContext}. */
    public record OperatorPrincipal(Operator operator) implements Principal {
        @Override
        public String getName() {
            return operator.name();
        }
    }

    /** The operator calling; a request that reached a resource unauthenticated is a bug, refused as 401. */
    public static Operator of(SecurityContext sc) {
        Principal p = sc == null ? null : sc.getUserPrincipal();
        if (p instanceof OperatorPrincipal op) {
            return op.operator();
        }
        throw new NotAuthorizedException("Basic realm=\"jinku\"");
    }
}
