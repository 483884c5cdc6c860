package org.jinku.web.internal.http;

import java.security.SecureRandom;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/**
 * Every failure of the API as its JSON error body (see {@link Errors}); registered on the application, so the
 * routes of other bundles (the console) answer the same way.
 */
public final class ErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);
    private static final SecureRandom IDS = new SecureRandom();
    static final MediaType JSON = MediaType.valueOf("application/json;charset=UTF-8");

    private ErrorMappers() {
    }

    static Response response(int status, ObjectNode body) {
        return Response.status(status).type(JSON).entity(body).build();
    }

    /** Refusals of the nodes and of input checks: the code decides the status. */
    public static class Refusals implements ExceptionMapper<JinkuException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(JinkuException e) {
            return refusal(e, uri);
        }
    }

    static Response refusal(JinkuException e, UriInfo uri) {
        int status = Errors.status(e.code());
        if (status >= 500) {
            // e.g. INTERNAL_ERROR from a node: its message names the node's own error id, no internals
            LOG.error("REST {} failed: {}", path(uri), e.getMessage(), e);
        }
        return response(status, Errors.body(e));
    }

    /**
     * What the JAX-RS runtime refuses itself: no route (also a path whose method does not fit, as before JAX-RS:
     * {@code 404 NOT_FOUND}), and the rest with its own status.
     */
    public static class JaxRs implements ExceptionMapper<WebApplicationException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException e) {
            return jaxrs(e, uri);
        }
    }

    static Response jaxrs(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JinkuException j) {
            return refusal(j, uri);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e instanceof NotFoundException || e instanceof NotAllowedException || status == 404 || status == 405) {
            return response(404, Errors.body("NOT_FOUND", "no route " + path(uri)));
        }
        if (status >= 500) {
            return internal(e, uri);
        }
        String code = switch (status) {
            case 401 -> RejectCode.NOT_AUTHENTICATED.name();
            case 403 -> RejectCode.NOT_AUTHORIZED.name();
            case 413 -> RejectCode.OVERSIZED.name();
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 406 -> "NOT_ACCEPTABLE";
            default -> RejectCode.INVALID_FIELD.name();
        };
        Response.ResponseBuilder r = Response.status(status).type(JSON).entity(Errors.body(code, e.getMessage()));
        if (status == 401) {
            r.header("WWW-Authenticate", "Basic realm=\"jinku\"");
        }
        return r.build();
    }

    /** Anything else is a bug or an outage: the caller gets an id to quote, the log gets the detail. */
    public static class Faults implements ExceptionMapper<Throwable> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(Throwable e) {
            if (e instanceof JinkuException j) {
                return refusal(j, uri);
            }
            if (e instanceof WebApplicationException w) {
                return jaxrs(w, uri);
            }
            return internal(e, uri);
        }
    }

    static Response internal(Throwable e, UriInfo uri) {
        String errorId = String.format("%08x", IDS.nextInt());
        LOG.error("REST {} failed, error id {}", path(uri), errorId, e);
        return response(500, Errors.internal(errorId));
    }

    private static String path(UriInfo uri) {
        try {
            return uri == null ? "?" : "/" + uri.getPath().replaceFirst("^/+", "");
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
