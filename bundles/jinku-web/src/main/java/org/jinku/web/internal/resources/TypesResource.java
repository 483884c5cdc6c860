package org.jinku.web.internal.resources;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.api.security.Roles;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.web.rest.Access;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;

/** {@code GET /types}: the voucher catalogue (凭证类型). */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("types")
@Produces(Resources.JSON)
public class TypesResource implements ApiResource {

    @Reference
    private VoucherCatalog catalog;

    public TypesResource() {
    }

    TypesResource(VoucherCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Summary("Every voucher type: VtCode, sender and receiver, routing, receipts, line limit, stamp positions")
    @RolesAllowed({Access.OPERATOR, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN, Roles.TESTER})
    public JsonNode types() {
        return Resources.array(catalog.types().stream().map(JsonViews::type).toList());
    }
}
