package org.jinku.web.internal;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import org.jinku.web.internal.http.ApiFeature;
import org.jinku.web.internal.security.AccessFilter;

/**
 * The JAX-RS application of the REST API at {@code /jinku/api}. Its routes are the {@link org.jinku.web.rest.ApiResource}
 * services of any bundle that select it. It is served only while the access filter and the JSON feature are
 * there: without them a route would answer unauthenticated, so the whiteboard keeps the application down
 * (fail closed) until both are registered.
 */
@Component(service = Application.class)
@JaxrsName(ApiApplication.NAME)
@JaxrsApplicationBase(ApiApplication.BASE)
@JaxrsExtensionSelect({"(osgi.jaxrs.name=" + AccessFilter.NAME + ")", "(osgi.jaxrs.name=" + ApiFeature.NAME + ")"})
public class ApiApplication extends Application {

    public static final String NAME = "jinku-api";
    public static final String BASE = "/jinku/api";
}
