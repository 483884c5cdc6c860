package org.jinku.shell.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.Credential;
import org.jinku.api.NodeDirectory;
import org.jinku.api.spi.CryptoProvider;

@Command(scope = "jinku", name = "bench", description = "Measures round-trip vouchers/s and SM2 sign/verify ops/s")
@Service
public class BenchCommand implements Action {

    @Reference
    NodeDirectory directory;

    @Reference
    CryptoProvider crypto;

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

    @Override
    public Object execute() throws Exception {
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

        crypto.enroll("bench/signer", "bench signer", Credential.Kind.PERSON);
        byte[] voucher = new byte[1024];
        Arrays.fill(voucher, (byte) 'A');
        byte[] cms = crypto.sign("bench/signer", voucher);
        for (int t = 1; t <= Math.max(2, Math.min(cores, 4)); t *= 2) {
            double sign = rate(t, () -> crypto.sign("bench/signer", voucher));
            double verify = rate(t, () -> crypto.verify(voucher, cms));
            System.out.printf("SM2 detached CMS, 1 KB, %d thread(s): sign %.0f ops/s, verify %.0f ops/s%n", t, sign,
                    verify);
        }
        System.out.println("bench: done");
        return null;
    }

    private double rate(int threads, Runnable op) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            op.run(); // warm-up
        }
        AtomicLong ops = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread th = new Thread(() -> {
                long n = 0;
                while (System.nanoTime() < end) {
                    op.run();
                    n++;
                }
                ops.addAndGet(n);
                done.countDown();
            });
            th.start();
        }
        done.await();
        return ops.get() / (double) seconds;
    }
}
