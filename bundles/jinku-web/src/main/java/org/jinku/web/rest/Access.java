package org.jinku.web.rest;

/**
 * The role templates of {@code @RolesAllowed} on API routes, besides the global roles of
 * {@link org.jinku.api.security.Roles} ({@code sysadmin}, {@code secadmin}, {@code auditor}, {@code tester}).
 * {@code {node}} stands for the route's path parameter {@code node}.
 */
public final class Access {

    /** 录入: the entry post on the route's node. */
    public static final String ENTRY = "entry@{node}";
    /** 审核: the review post on the route's node. */
    public static final String REVIEW = "review@{node}";
    /** 签章: the seal post on the route's node. */
    public static final String SEAL = "seal@{node}";
    /** Any post on the route's node. */
    public static final String ANY_POST = "post@{node}";
    /** Any post on any node (an operator of some party). */
    public static final String OPERATOR = "operator";

    private Access() {
    }
}
