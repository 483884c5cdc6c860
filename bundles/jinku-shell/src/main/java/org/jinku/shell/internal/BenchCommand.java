package org.jinku.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.NodeDirectory;
import org.jinku.api.spi.CryptoProvider;

/**
 * {@code jinku:bench}: round-trip vouchers/s through a node; {@code jinku:bench crypto}: SM2 through the
 * crypto SPI of the software provider next to {@code openssl speed sm2} on the same machine, so the figures
 * can be compared (性能测试).
 */
@Command(scope = "jinku", name = "bench",
        description = "Measures round-trip vouchers/s, or with 'crypto' SM2 sign/verify through the crypto SPI against openssl")
@Service
public class BenchCommand implements Action {

    /** The bench's own key container; its PIN is passed on every call, as a signing server would. */
    static final String BENCH_ALIAS = "bench/signer";
    static final char[] BENCH_PIN = "123456".toCharArray();
    private static final int MESSAGE_BYTES = 1024;
    private static final Pattern OPENSSL_SM2 =
            Pattern.compile("SM2.*?\\s([0-9.]+)s\\s+([0-9.]+)s\\s+([0-9.]+)\\s+([0-9.]+)\\s*$");

    @Reference
    NodeDirectory directory;

    @Reference
    CryptoProvider crypto;

    /** The software provider in particular: the crypto bench measures it, whichever provider nodes use. */
    @Reference(filter = "(" + CryptoProvider.SERVICE_PROPERTY + "=soft)", optional = true)
    CryptoProvider soft;

    @Argument(index = 0, name = "mode", description = "roundtrip (default) or crypto", required = false)
    String mode = "roundtrip";

    @Option(name = "--count", description = "Vouchers to round-trip")
    int count = 1000;

    @Option(name = "--lines", description = "Detail lines per voucher")
    int lines = 3;

    @Option(name = "--threads", description = "Submitting threads")
    int threads = 2;

    @Option(name = "--seconds", description = "Seconds per crypto measurement")
    int seconds = 3;

    @Option(name = "--node", description = "Sending node")
    String node = "finance";

    @Option(name = "--samples", description = "Vouchers sent one at a time to measure unloaded latency")
    int samples = 20;

    @Option(name = "--no-openssl", description = "crypto: skip the openssl comparison")
    boolean noOpenssl;

    @Override
    public Object execute() throws Exception {
        switch (mode) {
            case "crypto" -> crypto();
            case "roundtrip" -> roundTrip();
            default -> throw new IllegalArgumentException("unknown bench '" + mode + "': roundtrip or crypto");
        }
        return null;
    }

    private void roundTrip() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("bench: %d cores, JDK %s, crypto provider %s%n", cores, System.getProperty("java.version"),
                crypto.id());
        RoundTrip.Result r = RoundTrip.run(directory.require(node), "210000", count, lines, threads,
                Duration.ofSeconds(600), System.out);
        double secs = r.elapsed().toMillis() / 1000.0;
        System.out.printf("round trip: %d vouchers (%d lines each), %d ok, %d failed, %.1f s, %.1f vouchers/s%n",
                r.count(), lines, r.ok(), r.failed(), secs, r.ok() / secs);
        System.out.printf("under that load, latency ms (submit → signed receipt verified): p50 %d  p95 %d  p99 %d  max %d%n",
                RoundTrip.percentile(r.latenciesMillis(), 50), RoundTrip.percentile(r.latenciesMillis(), 95),
                RoundTrip.percentile(r.latenciesMillis(), 99), RoundTrip.percentile(r.latenciesMillis(), 100));

        // Latency without a queue in front: one voucher at a time, each waited for.
        List<Long> unloaded = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            unloaded.addAll(RoundTrip.run(directory.require(node), "210000", 1, lines, 1, Duration.ofSeconds(60),
                    new PrintStream(OutputStream.nullOutputStream())).latenciesMillis());
        }
        Collections.sort(unloaded);
        System.out.printf("one at a time, %d vouchers: latency ms p50 %d  p95 %d  max %d%n", unloaded.size(),
                RoundTrip.percentile(unloaded, 50), RoundTrip.percentile(unloaded, 95),
                RoundTrip.percentile(unloaded, 100));

        // The nodes' provider, CMS as nodes use it (jinku:bench crypto has the full picture).
        byte[] voucher = message();
        crypto.enroll(BENCH_ALIAS, "bench", "bench signer", Credential.Kind.PERSON, Set.of(), BENCH_PIN);
        byte[] cms = crypto.sign(BENCH_ALIAS, BENCH_PIN, voucher, CryptoProfile.DEFAULT);
        for (int t = 1; t <= 2; t++) {
            Rate sign = measure(t, () -> crypto.sign(BENCH_ALIAS, BENCH_PIN, voucher, CryptoProfile.DEFAULT));
            Rate verify = measure(t, () -> crypto.verify(voucher, cms, CryptoProfile.DEFAULT));
            System.out.printf("SM2 detached CMS, 1 KB, %d thread(s): sign %.0f ops/s, verify %.0f ops/s%n", t,
                    sign.opsPerSecond(), verify.opsPerSecond());
        }
        System.out.println("bench: done");
    }

    private void crypto() throws Exception {
        if (soft == null) {
            throw new IllegalStateException("no software crypto provider (jinku.crypto=soft) is running: "
                    + "feature:install jinku-crypto-soft");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("bench crypto: %d cores, JDK %s, provider %s, %d-byte message, profile %s%n", cores,
                System.getProperty("java.version"), soft.id(), MESSAGE_BYTES, CryptoProfile.DEFAULT);
        Credential cred = soft.enroll(BENCH_ALIAS, "bench", "bench signer", Credential.Kind.PERSON, Set.of(),
                BENCH_PIN);
        X509Certificate cert = cred.certificate();
        byte[] msg = message();
        CryptoProfile p = CryptoProfile.DEFAULT;
        byte[] raw = soft.signRaw(BENCH_ALIAS, BENCH_PIN, msg, p);
        byte[] cms = soft.sign(BENCH_ALIAS, BENCH_PIN, msg, p);
        soft.verifyRaw(cert, msg, raw, p); // a bench that measures failures measures nothing
        soft.verify(msg, cms, p);

        Rate[] signRaw = new Rate[3];
        Rate[] verifyRaw = new Rate[3];
        for (int t = 1; t <= 2; t++) {
            signRaw[t] = report("SM2 signRaw", t, measure(t, () -> soft.signRaw(BENCH_ALIAS, BENCH_PIN, msg, p)));
            verifyRaw[t] = report("SM2 verifyRaw", t, measure(t, () -> soft.verifyRaw(cert, msg, raw, p)));
        }
        for (int t = 1; t <= 2; t++) {
            report("CMS sign", t, measure(t, () -> soft.sign(BENCH_ALIAS, BENCH_PIN, msg, p)));
            report("CMS verify", t, measure(t, () -> soft.verify(msg, cms, p)));
        }

        double[] openssl = noOpenssl ? new double[] {0, 0} : openssl();
        System.out.printf("crypto: sign %d/s, verify %d/s through the SPI on 2 threads; openssl sm2 sign %d/s, verify %d/s%n",
                Math.round(signRaw[2].opsPerSecond()), Math.round(verifyRaw[2].opsPerSecond()),
                Math.round(openssl[0]), Math.round(openssl[1]));
    }

    private static Rate report(String what, int threads, Rate r) {
        System.out.printf("%-14s %d thread%s: %8.0f ops/s  p50 %5d µs  p99 %6d µs%n", what, threads,
                threads == 1 ? " " : "s", r.opsPerSecond(), r.p50Micros(), r.p99Micros());
        return r;
    }

    /** {@code openssl speed -multi 2 sm2}: sign/s and verify/s of its result table, or zeros when unavailable. */
    private static double[] openssl() throws InterruptedException {
        String exe = Files.isExecutable(Path.of("/usr/bin/openssl")) ? "/usr/bin/openssl" : "openssl";
        Process proc;
        try {
            proc = new ProcessBuilder(exe, "speed", "-multi", "2", "sm2").redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("openssl: not available (" + e.getMessage() + "); using 0");
            return new double[] {0, 0};
        }
        String out = drain(proc.getInputStream());
        if (!proc.waitFor(180, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
        }
        for (String line : out.split("\n")) {
            Matcher m = OPENSSL_SM2.matcher(line.strip());
            if (m.find()) {
                System.out.println("openssl speed -multi 2 sm2: " + line.strip());
                return new double[] {Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
            }
        }
        System.out.println("openssl: no SM2 result in its output; using 0");
        return new double[] {0, 0};
    }

    private static String drain(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (in) {
            in.transferTo(buf);
        } catch (IOException e) {
            // the process died; what it wrote so far is all there is
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static byte[] message() {
        byte[] m = new byte[MESSAGE_BYTES];
        Arrays.fill(m, (byte) 'A');
        return m;
    }

    record Rate(double opsPerSecond, long p50Micros, long p99Micros) {
    }

    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    /**
     * Runs {@code op} on {@code threads} threads for {@code seconds} after a warm-up of half a second (JIT, the
     * per-thread signers), timing every call; the first failure stops the measurement and is thrown.
     */
    Rate measure(int threads, Op op) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.MILLISECONDS.toNanos(500);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; i < threads; i++) {
            int slot = i;
            Thread th = new Thread(() -> {
                long[] lat = new long[1 << 14];
                int n = 0;
                try {
                    long now = System.nanoTime();
                    while (now < end && failure.get() == null) {
                        op.run();
                        long after = System.nanoTime();
                        if (now >= measureFrom) {
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = after - now;
                        }
                        now = after;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    latencies[slot] = lat;
                    counts[slot] = n;
                    done.countDown();
                }
            }, "jinku-bench-" + i);
            th.start();
        }
        done.await();
        if (failure.get() != null) {
            throw failure.get();
        }
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int k = 0;
        for (int i = 0; i < threads; i++) {
            System.arraycopy(latencies[i], 0, all, k, counts[i]);
            k += counts[i];
        }
        Arrays.sort(all);
        return new Rate(total / (double) seconds, percentileMicros(all, 50), percentileMicros(all, 99));
    }

    private static long percentileMicros(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(i, sortedNanos.length - 1))] / 1_000;
    }
}
