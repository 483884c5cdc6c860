package org.jinku.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.jinku.api.Voucher;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.catalog.sample.SampleVouchers;

/**
 * kill -9 of the whole appliance (both nodes and the broker) while vouchers are in flight: after a
 * restart on the same data, every voucher whose signing the REST API acknowledged reaches status 12,
 * and the bank holds each voucher and each receipt exactly once. Runs the unpacked distribution as a
 * separate process, as a site would.
 */
class CrashRecoveryIT {

    private static final int HTTP = 28181;
    private static final String API = "http://127.0.0.1:" + HTTP + "/jinku/api";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private Path home;
    private Process karaf;

    @Test
    void nothingAcknowledgedIsLostOrDoubledByAKill9() throws Exception {
        home = unpack();
        start();
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            Voucher v = SampleVouchers.directPayment("210000", "2026", "CRASH-" + i, 2, 10_000 + i, "20261123");
            assertEquals(201, postAs("lr01", "/nodes/finance/vouchers", VoucherJson.toTree(v).toString()).statusCode());
            keys.add(v.key().toString());
        }
        for (String user : List.of("lr01", "sh01")) {
            // the 审核 pass releases all 30 to the bank in a burst, so many are in flight at the kill
            for (String key : keys) {
                HttpResponse<String> r = postAs(user, "/nodes/finance/vouchers/" + key + "/signatures",
                        "{\"pin\":\"" + JinkuTestSupport.FINANCE_PINS.get(user) + "\"}");
                assertEquals(200, r.statusCode(), r.body());
            }
        }
        // what was still in flight when the power went: printed for the record
        System.out.println("crash: status counts at kill -9: " + get("/nodes/finance/status-counts").body().replaceAll("\\s+", ""));
        kill9();
        start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<String> pending = new ArrayList<>(keys);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.removeIf(k -> status("finance", k) == 12);
            Thread.sleep(250);
        }
        assertEquals(List.of(), pending, "vouchers that never reached status 12 after the restart");
        JsonNode atBank = json(get("/nodes/bank102/vouchers?limit=1000"));
        for (String k : keys) {
            int vouchers = 0;
            int receipts = 0;
            for (JsonNode row : atBank) {
                if (row.get("key").asText().equals(k)) {
                    if (row.get("voucherFlag").asInt() == 0) {
                        vouchers++;
                    } else {
                        receipts++;
                    }
                }
            }
            assertEquals(1, vouchers, k + " stored at the bank once");
            assertEquals(1, receipts, k + " answered with one receipt");
        }
        assertEquals(0, json(get("/nodes/bank102/rejections")).size(), "a resend after the crash must not be refused");
        for (String k : keys) {
            assertTrue(json(get("/nodes/finance/vouchers/" + k + "/history-check")).get("intact").asBoolean());
        }
    }

    // ------------------------------------------------------------------ the appliance as a process

    private Path unpack() throws Exception {
        String version = System.getProperty("jinku.version", "0.1.0-SNAPSHOT");
        Path repo = Paths.get(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path tgz = repo.resolve("org/jinku/jinku-karaf-assembly/" + version + "/jinku-karaf-assembly-" + version + ".tar.gz");
        Path dir = Paths.get("target/crash").toAbsolutePath();
        run(dir.getParent(), "rm", "-rf", dir.toString());
        Files.createDirectories(dir);
        run(dir, "tar", "xzf", tgz.toString());
        Path h;
        try (var s = Files.list(dir)) {
            h = s.findFirst().orElseThrow();
        }
        set(h, "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(HTTP));
        set(h, "etc/org.apache.karaf.shell.cfg", "sshPort", "28101");
        set(h, "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "21099");
        set(h, "etc/org.apache.karaf.management.cfg", "rmiServerPort", "44446");
        set(h, "etc/jinku.broker.cfg", "connectors", "");
        // no HTTPS here: the first start would restart Jetty under the test's requests (the Pax Exam tests cover it)
        set(h, "etc/jinku.https.cfg", "enabled", "false");
        return h;
    }

    private static void set(Path home, String file, String key, String value) throws IOException {
        Path f = home.resolve(file);
        List<String> out = new ArrayList<>();
        boolean done = false;
        for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
            if (line.matches("\\s*" + key.replace(".", "\\.") + "\\s*=.*")) {
                out.add(key + " = " + value);
                done = true;
            } else {
                out.add(line);
            }
        }
        if (!done) {
            out.add(key + " = " + value);
        }
        Files.write(f, out, StandardCharsets.ISO_8859_1);
    }

    private void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karaf = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = get("/nodes");
                if (r.statusCode() == 200 && json(r).size() == 5) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("appliance did not start; see " + home.resolve("data/log/karaf.log"));
    }

    /** SIGKILL the JVM (karaf.pid) and its launcher script: no shutdown hook, no flush. */
    private void kill9() throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        karaf.destroyForcibly().waitFor();
    }

    @AfterEach
    void stop() throws Exception {
        if (home != null && Files.exists(home.resolve("karaf.pid"))) {
            kill9();
        }
    }

    // ------------------------------------------------------------------ REST

    private int status(String node, String key) {
        try {
            return json(get("/nodes/" + node + "/vouchers/" + key)).get("status").asInt();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A read as the auditor. */
    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", JinkuTestSupport.basic("sj01"))
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A write as {@code account}, the signer. */
    private HttpResponse<String> postAs(String account, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(API + path)).header("Content-Type", "application/json")
                        .header("Authorization", JinkuTestSupport.basic(account))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }

}
