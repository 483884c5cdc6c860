package org.jinku.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.karaf.shell.api.console.Session;
import org.junit.Before;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

import org.jinku.api.NodeDirectory;

/**
 * Boots the real Jinku distribution (the tar.gz this build made) on test ports, offline against the
 * build's local Maven repository, and offers REST and shell helpers. One boot per test class.
 */
public abstract class JinkuTestSupport {

    public static final int HTTP_PORT = 18181;
    public static final int HTTPS_PORT = 18443;
    public static final String API = "http://127.0.0.1:" + HTTP_PORT + "/jinku/api";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Broker password of the it-peer test client (the broker refuses anonymous connections). */
    static final String IT_PEER_PASSWORD = "it-peer-pw";
    /** The finance operators' PINs in the box (etc/jinku.node-finance.cfg, pin.<user>). */
    static final java.util.Map<String, String> FINANCE_PINS = java.util.Map.of("lr01", "110111", "sh01", "110112");
    /** The nodes of the one-box appliance: finance, the PBoC, two agent banks and a budget unit. */
    static final java.util.List<String> NODES = java.util.List.of("finance", "pboc", "bank105", "bank102", "unit");

    @Inject
    protected NodeDirectory directory;

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected org.osgi.framework.BundleContext bundleContext;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        return distribution();
    }

    /** The distribution on test ports, offline; shared with the server-mode browser tests (no probe). */
    public static Option[] distribution() {
        String version = System.getProperty("jinku.version", "0.1.0-SNAPSHOT");
        String repo = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(maven("org.jinku", "jinku-karaf-assembly", version).type("tar.gz"))
                    .name("Jinku").unpackDirectory(new File("target/exam")).useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            systemTimeout(180_000),
            // Other ports than a running appliance, loopback only.
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(HTTP_PORT)),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
            editConfigurationFilePut("etc/jinku.https.cfg", "port", Integer.toString(HTTPS_PORT)),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11099"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44445"),
            editConfigurationFilePut("etc/jinku.broker.cfg", "connectors", ""),
            // Where this module is, for tests that read its resources or write under target/.
            editConfigurationFilePut("etc/system.properties", "jinku.itests.dir", new File(".").getAbsolutePath()),
            editConfigurationFilePut("etc/jinku.broker.cfg", "name", "jinku"),
            // PeerRejectionIT plays a stranger on the broker as it-peer, which may write to the bank (and the
            // bank to it): the bank must still refuse what it sends, whatever sender it writes in.
            editConfigurationFilePut("etc/jinku.broker.cfg", "user.it-peer", IT_PEER_PASSWORD),
            editConfigurationFilePut("etc/jinku.broker.cfg", "write.it-peer", "bank102"),
            editConfigurationFilePut("etc/jinku.broker.cfg", "write.bank102", "finance, pboc, unit, it-peer"),
            // Offline: everything the container needs is in the build's local repository (STACK.md trap 2).
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", repo),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                    "https://repo1.maven.org/maven2@id=central"),
        };
    }

    /**
     * Features are installed and nodes activated asynchronously after the probe starts: wait until both
     * nodes run and the REST API and the shell commands answer for them.
     */
    @Before
    public void awaitAppliance() throws Exception {
        await("the five nodes", () -> NODES.stream().allMatch(n -> directory.node(n).isPresent()));
        await("REST API", () -> {
            try {
                HttpResponse<String> r = get("/nodes");
                return r.statusCode() == 200 && json(r).size() == NODES.size();
            } catch (Exception e) {
                return false;
            }
        });
        // Jetty restarts once when the HTTPS listener is first switched on: wait for it, so no test sees that
        await("HTTPS with the box CA's certificate", () -> {
            try {
                return https("/openapi.json").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        await("jinku shell commands", () -> {
            try {
                return shell("jinku:nodes").contains("finance");
            } catch (Exception e) {
                return false;
            }
        });
    }

    // ------------------------------------------------------------------ REST

    /** The box's demo accounts' password (etc/users.properties); {@code jinku} has its own. */
    protected static final String PASSWORD = "jinku2026";

    /** A read as the auditor, who may read every node. */
    protected HttpResponse<String> get(String path) throws Exception {
        return getAs("sj01", path);
    }

    protected HttpResponse<String> getAs(String account, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(API + path)).GET().header("Authorization", basic(account))
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A write as {@code account}: the signer and the actor of every action is the account logged in. */
    protected HttpResponse<String> postAs(String account, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(API + path))
                        .header("Content-Type", "application/json").header("Authorization", basic(account))
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A GET over HTTPS, trusting the certificate the appliance made ({@code etc/jinku-https.crt}): the
     * box CA certified it for 127.0.0.1.
     */
    protected static HttpResponse<String> https(String path) throws Exception {
        java.security.cert.Certificate crt;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Paths.get(
                System.getProperty("karaf.etc"), "jinku-https.crt"))) {
            crt = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("jinku", crt);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + HTTPS_PORT + "/jinku/api" + path))
                        .GET().timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    protected static String basic(String account) {
        String password = account.equals("jinku") ? "jinku" : PASSWORD;
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (account + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    // ------------------------------------------------------------------ shell

    /** A command as the box's {@code jinku} account (system admin and joint-test driver). */
    protected String shell(String command) throws Exception {
        return shellAs("jinku", command, "sysadmin", "tester", "admin", "manager", "viewer", "systembundles", "ssh");
    }

    /**
     * A command as Karaf runs it for a login: inside {@code Subject.doAs} with the account's JAAS principals, so
     * the command ACLs and the commands' own checks see that account (the roles as etc/users.properties gives them).
     */
    @SuppressWarnings("removal")
    protected String shellAs(String account, String command, String... roles) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, ps, ps);
        javax.security.auth.Subject subject = new javax.security.auth.Subject();
        subject.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal(account));
        for (String role : roles) {
            subject.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal(role));
        }
        try {
            javax.security.auth.Subject.doAs(subject,
                    (java.security.PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        } finally {
            session.close();
        }
        ps.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Installs a feature as feature:install does (the shell hides admin commands from a session without the admin
     * role, so through the FeaturesService, found by name: the test bundle does not import Karaf's features API).
     */
    protected void installFeature(String name) throws Exception {
        org.osgi.framework.ServiceReference<?> ref = bundleContext.getServiceReference(
                "org.apache.karaf.features.FeaturesService");
        Class<?> api = ref.getBundle().loadClass("org.apache.karaf.features.FeaturesService");
        Object features = bundleContext.getService(ref);
        try {
            api.getMethod("installFeature", String.class).invoke(features, name);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new AssertionError("cannot install " + name + ": " + e.getCause(), e.getCause());
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    // ------------------------------------------------------------------ waiting

    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
