package org.jinku.security.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jinku.api.Post;
import org.jinku.api.security.Roles;

/**
 * Which roles exist, which may not be held together (职责分离), and which of Karaf's own roles each Jinku role
 * brings along so that Karaf's command ACLs and its ssh server keep working:
 * sysadmin → admin, manager, viewer, systembundles, ssh; secadmin → ssh; auditor → viewer, ssh; tester → ssh;
 * any post → operator, ssh.
 */
final class RolePolicy {

    /** Karaf's roles: given with Jinku roles, or on their own by a site that wants them. */
    static final Set<String> KARAF_ROLES = Set.of("admin", "manager", "viewer", "systembundles", "ssh");
    /** Any post anywhere: what the shell ACLs give the voucher-writing commands to. */
    static final String OPERATOR = "operator";

    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Roles that change something: the auditor may hold none of them. */
    private static final Set<String> WRITING = Set.of(Roles.SYSADMIN, Roles.SECADMIN, Roles.TESTER, "admin", "manager");

    private RolePolicy() {
    }

    /** Null when {@code role} is a role Jinku knows, else why not. */
    static String invalid(String role) {
        if (role == null || role.isBlank()) {
            return "a role is empty";
        }
        if (Set.of(Roles.SYSADMIN, Roles.SECADMIN, Roles.AUDITOR, Roles.TESTER).contains(role)
                || KARAF_ROLES.contains(role)) {
            return null;
        }
        Post post = Roles.postOf(role);
        String node = Roles.nodeOf(role);
        if (post != null && node != null && NODE.matcher(node).matches() && role.equals(Roles.post(post, node))) {
            return null;
        }
        return "unknown role '" + role + "': use sysadmin, secadmin, auditor, tester, or a post on a node"
                + " (entry@NODE, review@NODE, seal@NODE)";
    }

    /** Why {@code roles} may not be held together, or empty. Implied Karaf roles count as what they are. */
    static Optional<String> conflict(Set<String> roles) {
        if (roles.contains(Roles.SECADMIN) && roles.contains(Roles.SYSADMIN)) {
            return Optional.of("the security administrator (secadmin) may not also be the system administrator"
                    + " (sysadmin)");
        }
        if (roles.contains(Roles.AUDITOR)) {
            Set<String> writing = new TreeSet<>();
            for (String r : roles) {
                if (WRITING.contains(r) || Roles.postOf(r) != null || OPERATOR.equals(r)) {
                    writing.add(r);
                }
            }
            if (!writing.isEmpty()) {
                return Optional.of("the auditor may hold no role that writes, and " + writing + " "
                        + (writing.size() == 1 ? "does" : "do"));
            }
        }
        for (String r : roles) {
            if (Roles.postOf(r) == Post.ENTRY) {
                String review = Roles.post(Post.REVIEW, Roles.nodeOf(r));
                if (roles.contains(review)) {
                    return Optional.of("entry and review on one node may not be held by one person (" + r + " and "
                            + review + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** Karaf roles that {@code role} brings along. */
    static List<String> implied(String role) {
        if (Roles.SYSADMIN.equals(role)) {
            return List.of("admin", "manager", "viewer", "systembundles", "ssh");
        }
        if (Roles.AUDITOR.equals(role)) {
            return List.of("viewer", "ssh");
        }
        if (Roles.SECADMIN.equals(role) || Roles.TESTER.equals(role)) {
            return List.of("ssh");
        }
        if (Roles.postOf(role) != null) {
            return List.of(OPERATOR, "ssh");
        }
        return List.of();
    }

    /** {@code roles} with every role they imply. */
    static Set<String> withImplied(Set<String> roles) {
        Set<String> all = new LinkedHashSet<>(roles);
        for (String r : roles) {
            all.addAll(implied(r));
        }
        return all;
    }

    /** True when {@code role} is implied by one of {@code roles} (and so shown and removed with them). */
    static boolean impliedBy(String role, Set<String> roles) {
        for (String r : roles) {
            if (!r.equals(role) && implied(r).contains(role)) {
                return true;
            }
        }
        return false;
    }
}
