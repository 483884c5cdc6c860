package org.jinku.console.internal;

/**
 * The role templates of the console's routes (see the API's authentication filter): {@code post@{node}} is any post
 * on the node named by the path, {@code operator} any post anywhere.
 */
final class Access {

    static final String POST_ON_NODE = "post@{node}";
    static final String OPERATOR = "operator";
    static final String AUDITOR = "auditor";
    static final String SYSADMIN = "sysadmin";
    static final String SECADMIN = "secadmin";
    static final String TESTER = "tester";

    /** The selector of the API's JAX-RS application, which these resources join. */
    static final String API = "(osgi.jaxrs.name=jinku-api)";

    private Access() {
    }
}
