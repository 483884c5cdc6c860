package org.jinku.crypto.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A SoftHSM2 token of the tests' own, under target/softhsm2: the configuration file SOFTHSM2_CONF names (set
 * by surefire when the JVM starts, as the library reads it then) and a token labelled jinku-test, made once per
 * JVM with {@code softhsm2-util --init-token}.
 */
final class SoftHsm {

    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String LABEL = "jinku-test";
    static final String PIN = "123456";
    static final String SO_PIN = "12345678";

    private static boolean made;

    private SoftHsm() {
    }

    /** Makes the token once; skips the calling test when SoftHSM2 is not installed. */
    static synchronized void token() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.exists(LIBRARY), "SoftHSM2 is not installed (apt-get install softhsm2)");
        if (made) {
            return;
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        assertNotNull(conf, "SOFTHSM2_CONF must be set when the JVM starts (the module's surefire configuration does)");
        Path confFile = Path.of(conf);
        Path tokens = confFile.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> old = Files.walk(tokens)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(List.of("softhsm2-util", "--init-token", "--free", "--label", LABEL,
                "--pin", PIN, "--so-pin", SO_PIN)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        made = true;
    }

    /** Provider settings for the test token, found by its label. */
    static Pkcs11CryptoProvider.Settings settings(JcaToken.KeyAlgorithm algorithm, Path certificateDir) {
        return new Pkcs11CryptoProvider.Settings(LIBRARY.toString(), -1, LABEL, -1, "", algorithm, "jca",
                certificateDir, 3, 0);
    }
}
