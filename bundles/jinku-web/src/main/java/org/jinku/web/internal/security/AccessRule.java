package org.jinku.web.internal.security;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.annotation.security.DenyAll;
import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;

import org.jinku.api.security.Operator;
import org.jinku.api.security.Roles;

/**
 * Who may call a route, from its {@code @RolesAllowed} (or {@code @PermitAll}) on the method, else on its class.
 * A route with neither is refused to everybody (fail closed), as is {@code @DenyAll}.
 *
 * <p>Role templates: {@code sysadmin}, {@code entry@{node}} (the post on the node of the path parameter
 * {@code node}), {@code post@{node}} (any post on that node), {@code operator} (any post on any node).
 */
public record AccessRule(boolean open, List<String> templates) {

    public static final String ANY_POST = "post";
    public static final String OPERATOR = "operator";

    /** The rule of a resource method: its own annotation, else its class's. */
    public static AccessRule of(Method method) {
        AccessRule own = of(method.getAnnotation(DenyAll.class), method.getAnnotation(PermitAll.class),
                method.getAnnotation(RolesAllowed.class));
        if (own != null) {
            return own;
        }
        Class<?> c = method.getDeclaringClass();
        AccessRule inherited = of(c.getAnnotation(DenyAll.class), c.getAnnotation(PermitAll.class),
                c.getAnnotation(RolesAllowed.class));
        return inherited != null ? inherited : new AccessRule(false, List.of());
    }

    private static AccessRule of(DenyAll deny, PermitAll permit, RolesAllowed roles) {
        if (deny != null) {
            return new AccessRule(false, List.of());
        }
        if (permit != null) {
            return new AccessRule(true, List.of());
        }
        return roles == null ? null : new AccessRule(false, List.of(roles.value()));
    }

    /** Whether the method carries a rule at all (for the check that every route has one). */
    public static boolean declared(Method method) {
        Class<?> c = method.getDeclaringClass();
        return method.isAnnotationPresent(RolesAllowed.class) || method.isAnnotationPresent(PermitAll.class)
                || method.isAnnotationPresent(DenyAll.class) || c.isAnnotationPresent(RolesAllowed.class)
                || c.isAnnotationPresent(PermitAll.class) || c.isAnnotationPresent(DenyAll.class);
    }

    /** The roles that let a call in, the templates filled with the path parameters ({@code node}). */
    public List<String> roles(Map<String, String> pathParams) {
        List<String> out = new ArrayList<>();
        for (String t : templates) {
            String node = pathParams.get("node");
            if (t.contains("{node}")) {
                if (node == null) {
                    continue; // a template on a route without {node} lets nobody in
                }
                t = t.replace("{node}", node);
            }
            out.add(t);
        }
        return out;
    }

    /** Whether {@code caller} holds one of the roles (a {@code post@node} is any post there). */
    public boolean admits(Operator caller, Map<String, String> pathParams) {
        if (open) {
            return true;
        }
        for (String role : roles(pathParams)) {
            if (role.equals(OPERATOR) ? caller.roles().stream().anyMatch(r -> Roles.postOf(r) != null)
                    : role.startsWith(ANY_POST + "@") ? caller.onNode(Roles.nodeOf(role))
                    : caller.has(role)) {
                return true;
            }
        }
        return false;
    }
}
