package org.jinku.web.internal.security;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

import org.jinku.api.security.Operator;
import org.jinku.web.rest.Caller;

/** The request's {@link SecurityContext} once the access filter let it in: the operator and how it logged in. */
final class CallerContext implements SecurityContext {

    static final String SESSION_AUTH = "SESSION";

    private final Caller.OperatorPrincipal principal;
    private final String scheme;
    private final boolean secure;

    CallerContext(Operator operator, String scheme, boolean secure) {
        this.principal = new Caller.OperatorPrincipal(operator);
        this.scheme = scheme;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.operator().has(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return scheme;
    }
}
