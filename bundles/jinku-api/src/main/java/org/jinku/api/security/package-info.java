/**
 * Operators (操作员): accounts and roles kept in Karaf's JAAS realm, logins with lockout, and the
 * append-only, hash-chained audit trail (审计日志). Implemented by the jinku-security bundle; used by the
 * REST API, the console, the shell and the SOAP adapter.
 */
package org.jinku.api.security;
