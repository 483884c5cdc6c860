package org.jinku.web.internal.http;

import javax.ws.rs.core.Feature;
import javax.ws.rs.core.FeatureContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import org.jinku.web.internal.ApiApplication;

/**
 * JSON bodies and JSON errors for every route of the API, whichever bundle adds it: registered on the
 * application {@code jinku-api}, which waits for it ({@link ApiApplication}).
 */
@Component(service = Feature.class)
@JaxrsExtension
@JaxrsName(ApiFeature.NAME)
@JaxrsApplicationSelect("(osgi.jaxrs.name=" + ApiApplication.NAME + ")")
public class ApiFeature implements Feature {

    public static final String NAME = "jinku-json";

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new JsonProvider());
        context.register(new ErrorMappers.Refusals());
        context.register(new ErrorMappers.JaxRs());
        context.register(new ErrorMappers.Faults());
        return true;
    }
}
