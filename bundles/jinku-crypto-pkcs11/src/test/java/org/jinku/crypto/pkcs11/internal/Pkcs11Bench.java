package org.jinku.crypto.pkcs11.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.crypto.soft.internal.SoftCryptoProvider;

/**
 * Signing speed on the SoftHSM2 token of the tests (run the tests once first, with the same SOFTHSM2_CONF):
 * detached CMS signatures per second with one and two threads, EC P-256 and RSA 2048, 1 KB content.
 * Prints figures; asserts nothing.
 */
public final class Pkcs11Bench {

    private Pkcs11Bench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path dir = Files.createTempDirectory("jinku-pkcs11-bench");
        SoftCryptoProvider soft = SoftCryptoProvider.open(dir.resolve("soft"));
        byte[] content = new byte[1024];
        char[] pin = SoftHsm.PIN.toCharArray();
        for (JcaToken.KeyAlgorithm alg : JcaToken.KeyAlgorithm.values()) {
            Pkcs11CryptoProvider p = Pkcs11CryptoProvider.open(SoftHsm.settings(alg, dir.resolve("certs")),
                    soft.certificateAuthority(), soft, List.of());
            String alias = "bench/" + alg.name().toLowerCase();
            p.enroll(alias, "bench", "bench", Credential.Kind.ORGANISATION, Set.of(), pin);
            for (int i = 0; i < 200; i++) {
                p.sign(alias, pin, content, CryptoProfile.DEFAULT);
            }
            for (int threads : new int[] {1, 2}) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < n / threads; i++) {
                            p.sign(alias, pin, content, CryptoProfile.DEFAULT);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                double s = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                System.out.printf("%s CMS sign, %d thread(s): %,.0f/s (%d in %.2f s)%n", alg, threads, n / s, n, s);
            }
            long start = System.nanoTime();
            byte[] cms = p.sign(alias, pin, content, CryptoProfile.DEFAULT);
            for (int i = 0; i < n; i++) {
                soft.verify(content, cms, CryptoProfile.DEFAULT);
            }
            System.out.printf("%s CMS verify by the soft provider, 1 thread: %,.0f/s%n", alg,
                    n / ((System.nanoTime() - start) / 1e9));
            p.deactivate();
        }
    }
}
