package org.jinku.console.internal;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.RejectCode;
import org.jinku.api.SealView;
import org.jinku.eseal.ESeals;
import org.jinku.eseal.Seal;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * A seal's image (印模) as the console shows it beside a stamp: the picture inside the made SESeal (GB/T 38540), so
 * what is shown is what was signed into the seal, not a file that could have been swapped since. The seal is looked
 * up at every node of the box (a 回单 at finance carries the bank's seal).
 */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Access.API)
@Path("console/seal-images")
public class SealImageResource implements ApiResource {

    @Reference
    NodeDirectory directory;

    @GET
    @Path("{sealId}")
    @Produces({"image/png", "image/jpeg", "image/gif", "application/octet-stream"})
    @RolesAllowed({Access.OPERATOR, Access.AUDITOR, Access.SYSADMIN, Access.SECADMIN, Access.TESTER})
    @Summary("The image inside a made seal (SESeal), e.g. for a stamp on a voucher; 404 before the seal is made")
    public Response image(@PathParam("sealId") String sealId) {
        SealView seal = find(sealId).orElseThrow(() ->
                new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no seal " + sealId + " at any node here"));
        if (seal.sealBase64() == null) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "seal " + sealId + " is " + seal.state()
                    + ": its image is in the seal once it is made");
        }
        Seal parsed = ESeals.parseSeal(Base64.getDecoder().decode(seal.sealBase64()));
        return Response.ok(parsed.image(), mediaType(parsed.imageType()))
                .header("Cache-Control", "private, max-age=3600")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private Optional<SealView> find(String sealId) {
        for (Node n : directory.nodes()) {
            for (SealView s : n.seals()) {
                if (s.sealId().equals(sealId)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    static String mediaType(String imageType) {
        String t = imageType == null ? "" : imageType.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            default -> "application/octet-stream";
        };
    }
}
