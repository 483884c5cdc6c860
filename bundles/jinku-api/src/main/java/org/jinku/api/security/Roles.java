package org.jinku.api.security;

import java.util.Locale;

import org.jinku.api.Post;

/**
 * The role names of Jinku accounts, as they stand in the JAAS realm ({@code etc/users.properties}).
 * Posts are per node: {@code entry@finance}, {@code review@bank105}, {@code seal@pboc}.
 */
public final class Roles {

    /** 系统管理员: configuration, nodes, adapters (also Karaf's own {@code admin} commands). */
    public static final String SYSADMIN = "sysadmin";
    /** 安全管理员: accounts, roles, certificates, seals. */
    public static final String SECADMIN = "secadmin";
    /** 审计员: reads everything, the audit trail included; changes nothing. */
    public static final String AUDITOR = "auditor";
    /** The joint-test box's driver: simulators, scenarios, demo runs. Not granted on a production node. */
    public static final String TESTER = "tester";

    private Roles() {
    }

    /** {@code entry@finance}: the post on that node. */
    public static String post(Post post, String node) {
        return post.name().toLowerCase(Locale.ROOT) + "@" + node;
    }

    /** The post of a per-node role, or null for a global role. */
    public static Post postOf(String role) {
        int at = role.indexOf('@');
        if (at <= 0) {
            return null;
        }
        try {
            return Post.valueOf(role.substring(0, at).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The node of a per-node role, or null for a global role. */
    public static String nodeOf(String role) {
        int at = role.indexOf('@');
        return at <= 0 ? null : role.substring(at + 1);
    }
}
