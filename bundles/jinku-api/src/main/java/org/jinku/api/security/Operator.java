package org.jinku.api.security;

import java.util.Set;

import org.jinku.api.Post;

/**
 * A logged-in account (操作员) and its roles, as the JAAS realm gave them. The name is the one its
 * signatures are made under: nobody signs on another's behalf.
 */
public record Operator(String name, Set<String> roles) {

    public Operator {
        roles = Set.copyOf(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Holds {@code post} on {@code node}. */
    public boolean holds(Post post, String node) {
        return roles.contains(Roles.post(post, node));
    }

    /** Holds any post on {@code node}. */
    public boolean onNode(String node) {
        for (Post p : Post.values()) {
            if (holds(p, node)) {
                return true;
            }
        }
        return false;
    }
}
