package org.jinku.web.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import org.jinku.catalog.json.VoucherJson;
import org.jinku.web.internal.http.ApiFeature;
import org.jinku.web.internal.security.AccessFilter;

/**
 * The API as the appliance serves it, for tests: the resources, the access filter and the JSON feature in CXF's
 * JAX-RS runtime, in a servlet under {@code /jinku/api} on Jetty 9.4, over real HTTP on a free loopback port.
 */
public final class ApiServer implements AutoCloseable {

    private final Server jetty = new Server();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public ApiServer(List<Object> resources, AccessFilter filter) throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/jinku/api");
        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        context.addServlet(new ServletHolder(servlet), "/*");
        // Graceful stop: a test's last answer may still be completing when the test closes the server.
        StatisticsHandler stats = new StatisticsHandler();
        stats.setHandler(context);
        jetty.setHandler(stats);
        jetty.setStopTimeout(5000);
        jetty.start();
        port = connector.getLocalPort();
        Bus bus = servlet.getBus();
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress("/");
        factory.setServiceBeans(new ArrayList<>(resources));
        factory.setProviders(List.of(filter, new ApiFeature()));
        factory.create();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/jinku/api" + path);
    }

    /** An answer: status, headers, the body as JSON. */
    public record Answer(int status, Map<String, List<String>> headers, JsonNode json) {
        public String error() {
            return json.path("error").asText();
        }

        public String field() {
            return json.path("fieldErrors").path(0).path("path").asText();
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A call as {@code user} (password {@code jinku2026}, or none when user is null) with extra headers. */
    public Answer call(String user, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (user != null) {
            b.header("Authorization", basic(user, user.equals("jinku") ? "jinku" : "jinku2026"));
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public Answer send(HttpRequest request) throws Exception {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = r.body().length == 0 ? VoucherJson.MAPPER.missingNode() : VoucherJson.MAPPER.readTree(r.body());
        return new Answer(r.statusCode(), r.headers().map(), json);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
