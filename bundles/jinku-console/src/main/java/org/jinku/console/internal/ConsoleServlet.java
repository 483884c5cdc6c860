package org.jinku.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the operators' web console (操作台) at {@code /jinku/console/}: the static HTML, CSS and JavaScript modules
 * packed in this bundle under {@code console/}. Nothing here is dynamic; the pages read everything from
 * {@code /jinku/api}. Every answer carries a Content-Security-Policy of {@code default-src 'self'} (no inline
 * script, no outside host) and {@code X-Frame-Options: DENY}, so an injected string cannot run and the console
 * cannot be framed for click-jacking.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/jinku/console", "/jinku/console/*"})
// A name of its own: pax-web parks a second servlet registered under the default name.
@HttpWhiteboardServletName("jinku-console")
public class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String CSP = "default-src 'self'";
    /** A path of the console: segments of letters, digits, '-', '_' and '.', never starting with a dot. */
    private static final Pattern SAFE = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "json", "application/json; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        headers(resp);
        String path = req.getPathInfo();
        if (path == null) {
            // /jinku/console without the slash: relative module paths need the directory form
            resp.sendRedirect(req.getContextPath() + "/jinku/console/");
            return;
        }
        String resource = resourceOf(path);
        URL url = resource == null ? null : getClass().getResource(resource);
        if (url == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setContentType(contentType(resource));
        try (InputStream in = url.openStream(); OutputStream out = resp.getOutputStream()) {
            in.transferTo(out);
        }
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        doGet(req, resp);
    }

    static void headers(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "same-origin");
        // the files change with the bundle; a stale module after an upgrade would mix versions
        resp.setHeader("Cache-Control", "no-cache");
    }

    /** The bundle resource for a request path, or null when the path is not one the console may serve. */
    static String resourceOf(String path) {
        if (path.equals("/") || path.isEmpty()) {
            return "/console/index.html";
        }
        if (!SAFE.matcher(path).matches() || path.contains("..") || contentType(path) == null) {
            return null;
        }
        return "/console" + path;
    }

    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
