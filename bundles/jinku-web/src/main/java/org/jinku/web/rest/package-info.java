/**
 * What a bundle needs to add routes to the REST API at {@code /jinku/api}: register a DS component as
 * {@link org.jinku.web.rest.ApiResource} with {@code @JaxrsResource} and
 * {@code @JaxrsApplicationSelect("(osgi.jaxrs.name=jinku-api)")}, put {@code @RolesAllowed} (or {@code @PermitAll})
 * and {@link org.jinku.web.rest.Summary} on every method, and read the caller with {@link org.jinku.web.rest.Caller}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.jinku.web.rest;
