package org.jinku.console.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ArrayNode;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The joint-test reports (report.html, junit.xml) of the scenario runner's runs. */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Access.API)
@javax.ws.rs.Path("console/reports")
public class ReportsResource implements ApiResource {

    /**
     * The report is one self-contained page with its own inline style and script: allowed for it alone, and nothing
     * it could load from elsewhere.
     */
    static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
            + "img-src data:; frame-ancestors 'none'";

    private final Reports reports;

    public ReportsResource() {
        this(Reports.inKarafData());
    }

    ReportsResource(Reports reports) {
        this.reports = reports;
    }

    @GET
    @Produces(Json.TYPE)
    @RolesAllowed({Access.TESTER, Access.AUDITOR})
    @Summary("The scenario runner's joint-test runs under data/jinku/reports, newest first, with their counts")
    public Response runs() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        try {
            for (Reports.Run r : reports.runs()) {
                out.addObject().put("run", r.name()).put("at", Json.time(r.at())).put("html", r.html())
                        .put("junit", r.junit()).put("tests", r.tests()).put("failures", r.failures())
                        .put("errors", r.errors()).put("skipped", r.skipped());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.ok(out);
    }

    @GET
    @javax.ws.rs.Path("{run}/{file}")
    @Produces({"text/html", "application/xml"})
    @RolesAllowed({Access.TESTER, Access.AUDITOR})
    @Summary("A run's report.html (the swim-lane report) or junit.xml")
    public Response file(@PathParam("run") String run, @PathParam("file") String file) {
        Path p = reports.file(run, file).orElseThrow(() ->
                new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no " + file + " in report run " + run));
        boolean html = file.endsWith(".html");
        return Response.ok(p.toFile(), html ? "text/html;charset=UTF-8" : "application/xml;charset=UTF-8")
                .header("Content-Security-Policy", html ? REPORT_CSP : "default-src 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY").build();
    }
}
