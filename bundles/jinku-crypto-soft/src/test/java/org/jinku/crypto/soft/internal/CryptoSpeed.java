package org.jinku.crypto.soft.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;

/**
 * Throughput through the SPI as a signing server and {@code jinku:bench crypto} use it: one alias, the same PIN
 * every call, the same certificate verified. Not a unit test (no timed tests); run by hand:
 * {@code java -cp <test classpath> org.jinku.crypto.soft.internal.CryptoSpeed [threads] [seconds] [bytes]}.
 */
public final class CryptoSpeed {

    private CryptoSpeed() {
    }

    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        Path dir = Files.createTempDirectory("crypto-speed");
        SoftCryptoProvider crypto = SoftCryptoProvider.open(dir);
        char[] pin = "123456".toCharArray();
        Credential c = crypto.enroll("bench/org", "bench", "Bench", Credential.Kind.ORGANISATION, Set.of(), pin);
        X509Certificate cert = c.certificate();
        byte[] content = new byte[size];
        new java.util.Random(7).nextBytes(content);
        CryptoProfile p = CryptoProfile.DEFAULT;
        byte[] raw = crypto.signRaw("bench/org", pin, content, p);
        byte[] cms = crypto.sign("bench/org", pin, content, p);
        System.out.printf("soft provider, %d thread(s), %d s each, %d-byte content, %d cores%n", threads, seconds, size,
                Runtime.getRuntime().availableProcessors());
        // the floor: bare JCA SM3withSM2, one initialised Signature per thread, nothing around it (CRYPTO.md)
        java.security.Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new java.security.spec.ECGenParameterSpec("sm2p256v1"));
        java.security.KeyPair kp = g.generateKeyPair();
        ThreadLocal<java.security.Signature> signer = ThreadLocal.withInitial(() -> {
            try {
                java.security.Signature s = java.security.Signature.getInstance("SM3withSM2", bc);
                s.initSign(kp.getPrivate());
                return s;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        ThreadLocal<java.security.Signature> verifier = ThreadLocal.withInitial(() -> {
            try {
                java.security.Signature s = java.security.Signature.getInstance("SM3withSM2", bc);
                s.initVerify(kp.getPublic());
                return s;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        java.security.Signature s0 = signer.get();
        s0.update(content);
        byte[] bare = s0.sign();
        measure("JCA sign (floor)", threads, seconds, () -> {
            java.security.Signature s = signer.get();
            s.update(content);
            s.sign();
        });
        measure("JCA verify (floor)", threads, seconds, () -> {
            java.security.Signature s = verifier.get();
            s.update(content);
            if (!s.verify(bare)) {
                throw new IllegalStateException("bare signature does not verify");
            }
        });
        measure("CMS full parse only", threads, seconds, () -> Cms.parse(cms));
        measure("CMS fast parse only", threads, seconds, () -> Cms.fastParse(cms));
        measure("signRaw", threads, seconds, () -> crypto.signRaw("bench/org", pin, content, p));
        measure("verifyRaw", threads, seconds, () -> crypto.verifyRaw(cert, content, raw, p));
        measure("sign (CMS)", threads, seconds, () -> crypto.sign("bench/org", pin, content, p));
        measure("verify (CMS)", threads, seconds, () -> crypto.verify(content, cms, p));
        CryptoProfile gmt = new CryptoProfile(CryptoProfile.Identifiers.GMT, null, CryptoProfile.Encoding.RAW,
                CryptoProfile.CipherLayout.C1C3C2);
        byte[] gmtCms = crypto.sign("bench/org", pin, content, gmt);
        measure("sign (CMS, GMT raw)", threads, seconds, () -> crypto.sign("bench/org", pin, content, gmt));
        measure("verify (CMS, GMT raw)", threads, seconds, () -> crypto.verify(content, gmtCms, gmt));
        byte[] env = crypto.encrypt(cert, content, p);
        measure("encrypt", threads, seconds, () -> crypto.encrypt(cert, content, p));
        measure("decrypt", threads, seconds, () -> crypto.decrypt("bench/org", pin, env, p));
    }

    /**
     * Wall-clock throughput, and the CPU time each operation took on its thread: on a shared machine the first
     * varies with the neighbours, the second does not, and {@code threads / cpu time} is what free cores give.
     */
    private static void measure(String name, int threads, int seconds, Op op) throws Exception {
        // warm-up: JIT and one initialised Signature per thread
        run(threads, 1, op, new AtomicLong());
        AtomicLong cpu = new AtomicLong();
        long n = run(threads, seconds, op, cpu);
        double microsPerOp = cpu.get() / 1000.0 / n;
        System.out.printf("%-24s %,10.0f /s wall   %7.1f µs CPU/op   %,10.0f /s on %d free cores%n", name,
                n / (double) seconds, microsPerOp, threads * 1_000_000 / microsPerOp, threads);
    }

    private static long run(int threads, int seconds, Op op, AtomicLong cpuNanos) throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        AtomicLong count = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                long mine = 0;
                long cpu0 = mx.getCurrentThreadCpuTime();
                try {
                    while (System.nanoTime() < end) {
                        op.run();
                        mine++;
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    count.addAndGet(mine);
                    cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                    done.countDown();
                }
            }).start();
        }
        done.await();
        return count.get();
    }
}
