package org.jinku.web.internal.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;

/**
 * {@code GET /openapi.json}: the OpenAPI document of every route served now, this bundle's and those of other
 * bundles (the console's), from the {@link ApiResource} services as they come and go.
 */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("openapi.json")
@Produces(Resources.JSON)
public class OpenApiResource implements ApiResource {

    private final List<ApiResource> resources = new CopyOnWriteArrayList<>();
    private volatile String version = "0";

    public OpenApiResource() {
    }

    /** For tests. */
    OpenApiResource(List<ApiResource> resources, String version) {
        this.resources.addAll(resources);
        this.version = version;
    }

    @Activate
    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
    }

    // Not this component itself (it is always in the document): DS would otherwise bind its own service.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(component.name=org.jinku.web.internal.resources.OpenApiResource))")
    void addResource(ApiResource resource) {
        resources.add(resource);
    }

    void removeResource(ApiResource resource) {
        resources.remove(resource);
    }

    @GET
    @PermitAll
    @Summary("This document: every route of the API with its parameters, body and roles (OpenAPI 3.0.3)")
    public JsonNode document() {
        List<Class<?>> classes = new ArrayList<>();
        classes.add(OpenApiResource.class);
        resources.forEach(r -> classes.add(r.getClass()));
        return OpenApiDocument.of(classes, version);
    }
}
