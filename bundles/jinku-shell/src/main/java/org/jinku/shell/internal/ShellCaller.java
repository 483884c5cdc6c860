package org.jinku.shell.internal;

import java.security.AccessController;
import java.security.Principal;
import java.util.HashSet;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

import org.jinku.api.JinkuException;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.security.Operator;
import org.jinku.api.security.Roles;

/**
 * The account logged in to this shell session (ssh, or {@code bin/client}): Karaf runs every command inside
 * {@code Subject.doAs} with the JAAS principals of the login. Commands act as that account and nobody else.
 */
final class ShellCaller {

    private ShellCaller() {
    }

    /** The logged-in operator; a command run without a login (no Subject) is refused. */
    @SuppressWarnings("removal") // Subject.getSubject: Karaf 4.4 on JDK 17 puts the login there
    static Operator operator() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        String name = null;
        Set<String> roles = new HashSet<>();
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                if (p instanceof UserPrincipal) {
                    name = p.getName();
                } else if (p instanceof RolePrincipal) {
                    roles.add(p.getName());
                }
            }
        }
        if (name == null) {
            throw new JinkuException(RejectCode.NOT_AUTHENTICATED, "no account is logged in to this shell session");
        }
        return new Operator(name, roles);
    }

    /** The caller, who must hold {@code post} on {@code node}. */
    static Operator holding(Post post, String node) {
        Operator op = operator();
        if (!op.holds(post, node)) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, op.name() + " does not hold " + Roles.post(post, node));
        }
        return op;
    }

    /** The caller, who must hold some post on {@code node}. */
    static Operator onNode(String node) {
        Operator op = operator();
        if (!op.onNode(node)) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, op.name() + " holds no post on " + node
                    + " (entry@" + node + ", review@" + node + " or seal@" + node + ")");
        }
        return op;
    }

    /**
     * Who acts, for the record: always the caller. A name given with {@code --actor} must be the caller's own:
     * nobody acts on another's behalf.
     */
    static String actor(String given) {
        String me = operator().name();
        if (given != null && !given.isBlank() && !given.equals(me)) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "logged in as " + me + ", cannot act as " + given);
        }
        return me;
    }
}
