package org.jinku.itests.browser;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ops4j.pax.exam.ExamSystem;
import org.ops4j.pax.exam.TestContainer;
import org.ops4j.pax.exam.spi.PaxExamRuntime;

import org.jinku.itests.JinkuTestSupport;

/**
 * The real appliance (一体机), booted once for every test class that extends with it: Pax Exam in server mode starts
 * the distribution as its own process and installs no probe, so the tests run here, in the Maven JVM, and reach the
 * box only as a user does, over HTTP and through a browser. Stopped when the JUnit Jupiter engine finishes (it
 * closes its root store), so the JUnit 4 Pax Exam tests, run by the vintage engine, find the test ports free.
 */
public final class Appliance implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(300);

    private TestContainer container;

    /** Used by JUnit as the extension; the booted appliance is another instance, kept in the root store. */
    public Appliance() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.create(Appliance.class))
                .getOrComputeIfAbsent(Appliance.class, k -> boot(), Appliance.class);
    }

    private static Appliance boot() {
        Appliance a = new Appliance();
        long t = System.nanoTime();
        try {
            ExamSystem system = PaxExamRuntime.createServerSystem(JinkuTestSupport.distribution());
            a.container = PaxExamRuntime.createContainer(system);
            a.container.start();
            awaitReady();
        } catch (Exception | AssertionError e) {
            try {
                a.close();
            } catch (RuntimeException stop) {
                e.addSuppressed(stop); // "Container never came up": the boot failure is the news
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException("the appliance did not boot", e);
        }
        System.out.printf("appliance up in %d s%n", Duration.ofNanos(System.nanoTime() - t).toSeconds());
        return a;
    }

    /**
     * Features are installed and nodes activated asynchronously: ready when HTTPS listens (Jetty restarts once when
     * the box first switches it on), the OpenAPI document and the console answer and all five nodes are listed.
     */
    private static void awaitReady() {
        await("HTTPS on port " + JinkuTestSupport.HTTPS_PORT, BOOT_TIMEOUT, () -> listening(JinkuTestSupport.HTTPS_PORT));
        await("GET /jinku/api/openapi.json = 200", BOOT_TIMEOUT, () -> status(null, Rest.API + "/openapi.json") == 200);
        await("GET /jinku/console/ = 200", Duration.ofSeconds(60), () -> status(null, Rest.CONSOLE) == 200);
        await("five nodes at GET /jinku/api/nodes", Duration.ofSeconds(120), () -> {
            try {
                Rest.Response r = Rest.get("sj01", "/nodes");
                return r.status() == 200 && r.json().size() == 5;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static int status(String account, String url) {
        try {
            return Rest.get(account, url).status();
        } catch (RuntimeException e) {
            return -1; // not listening yet
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    /** Polls {@code condition} every 200 ms until it holds, or fails naming {@code what}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
