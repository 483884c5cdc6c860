package org.jinku.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.Direction;
import org.jinku.api.IssuedCertificate;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;

/** The operators' commands against a node in memory: PINs typed masked or given, refusals thrown. */
class OperatorCommandsTest {

    private static final String KEY = "210000/2026/5201/SH-1";

    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();
    /** What the fake terminal answers, in order; empty: no terminal. */
    private final Deque<String> typed = new ArrayDeque<>();
    private final List<Character> masks = new ArrayList<>();

    private final Node node = (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
            (proxy, m, args) -> switch (m.getName()) {
                case "name" -> "finance";
                case "sign" -> {
                    calls.add("sign " + args[1] + " " + args[2]);
                    if (!"110111".equals(args[2])) {
                        throw new JinkuException(RejectCode.WRONG_PIN, "wrong PIN for " + args[1]);
                    }
                    yield view(List.of(new VoucherView.SignatureView(1, "cz_lr", (String) args[1], "ENTRY", "01",
                            "lr01", Instant.EPOCH)));
                }
                case "stamp" -> {
                    calls.add("stamp " + args[1] + " " + args[2] + " " + args[3]);
                    yield view(List.of());
                }
                case "stamps" -> Map.of("cz_qz", "ES-1");
                case "cancelStamp" -> throw new JinkuException(RejectCode.WRONG_STATE, KEY + " is queued already");
                default -> throw new UnsupportedOperationException(m.getName());
            });

    private final NodeDirectory directory = new NodeDirectory() {
        @Override
        public List<Node> nodes() {
            return List.of(node);
        }

        @Override
        public Optional<Node> node(String name) {
            return name.equals("finance") ? Optional.of(node) : Optional.empty();
        }
    };

    private final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, m, args) -> {
                if (m.getName().equals("readLine")) {
                    masks.add((Character) args[1]);
                    if (typed.isEmpty()) {
                        throw new IllegalStateException("EndOfFile: no terminal");
                    }
                    return typed.poll();
                }
                throw new UnsupportedOperationException(m.getName());
            });

    private static VoucherView view(List<VoucherView.SignatureView> sigs) {
        return new VoucherView(VoucherKey.parse(KEY), 0, Direction.OUT, "bank105", VoucherState.SIGNING, Map.of(), sigs,
                "1.00", null, "d", Instant.EPOCH, Instant.EPOCH);
    }

    private SignCommand sign(String pin) {
        SignCommand c = new SignCommand();
        c.directory = directory;
        c.session = session;
        c.node = "finance";
        c.key = KEY;
        c.pin = pin;
        return c;
    }

    /** Runs {@code work} logged in as {@code user} with {@code roles}, as Karaf's shell runs a command. */
    @SuppressWarnings("removal")
    static <T> T as(String user, java.util.concurrent.Callable<T> work, String... roles) throws Exception {
        javax.security.auth.Subject subject = new javax.security.auth.Subject();
        subject.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal(user));
        for (String r : roles) {
            subject.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal(r));
        }
        try {
            return javax.security.auth.Subject.doAs(subject,
                    (java.security.PrivilegedExceptionAction<T>) work::call);
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        }
    }

    @Test
    void signAsksForThePinMaskedAndAWrongOneFailsTheCommand() throws Exception {
        typed.add("110111");
        as("lr01", () -> sign(null).execute(), "entry@finance");
        assertEquals(List.of('*'), masks);
        assertEquals(List.of("sign lr01 110111"), calls);

        typed.add("000000");
        JinkuException e = assertThrows(JinkuException.class, () -> as("lr01", () -> sign(null).execute(), "entry@finance"));
        assertEquals(RejectCode.WRONG_PIN, e.code());

        // given: no prompt
        as("lr01", () -> sign("110111").execute(), "entry@finance");
        assertEquals(2, masks.size());
        // no terminal (a one-shot client command): say to give --pin
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> as("lr01", () -> sign(null).execute(), "entry@finance"));
        assertTrue(none.getMessage().contains("--pin"), none.getMessage());
        assertEquals(List.of("sign lr01 110111", "sign lr01 000000", "sign lr01 110111"), calls);
    }

    @Test
    void theSignerIsTheLoggedInAccountWhoMustHoldAPostThere() throws Exception {
        // no login at all: refused before anything is asked or signed
        assertEquals(RejectCode.NOT_AUTHENTICATED, assertThrows(JinkuException.class, () -> sign("110111").execute()).code());
        // an auditor, or a clerk of another node, holds no post at finance
        assertEquals(RejectCode.NOT_AUTHORIZED, assertThrows(JinkuException.class,
                () -> as("sj01", () -> sign("110111").execute(), "auditor", "viewer")).code());
        assertEquals(RejectCode.NOT_AUTHORIZED, assertThrows(JinkuException.class,
                () -> as("yh01", () -> sign("110111").execute(), "entry@bank105")).code());
        assertTrue(calls.isEmpty(), calls.toString());
        // acting under another's name is refused too
        assertEquals(RejectCode.NOT_AUTHORIZED, assertThrows(JinkuException.class,
                () -> as("lr01", () -> NodeCommand.actorOr("sh01"), "entry@finance")).code());
        assertEquals("lr01", as("lr01", () -> NodeCommand.actorOr(null), "entry@finance"));
    }

    @Test
    void stampTakesThePinAndCancelThrowsTheRefusal() throws Exception {
        StampCommand s = new StampCommand();
        s.directory = directory;
        s.session = session;
        s.node = "finance";
        s.key = KEY;
        s.position = "cz_qz";
        typed.add("330333");
        as("gz01", s::execute, "seal@finance");
        assertEquals(List.of("stamp cz_qz gz01 330333"), calls);

        StampCancelCommand c = new StampCancelCommand();
        c.directory = directory;
        c.node = "finance";
        c.key = KEY;
        c.position = "cz_qz";
        c.actor = "sh01";
        assertEquals(RejectCode.WRONG_STATE, assertThrows(JinkuException.class,
                () -> as("sh01", c::execute, "review@finance")).code());
    }

    @Test
    void aNewPinIsTypedTwiceAndMustMatch() {
        typed.addAll(List.of("123456", "123456"));
        assertArrayEquals("123456".toCharArray(), Pins.newPin(session, null, "new PIN: ", "--pin"));
        typed.addAll(List.of("123456", "654321"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pins.newPin(session, null, "new PIN: ", "--pin"));
        assertTrue(e.getMessage().contains("differ"), e.getMessage());
        typed.add("");
        assertThrows(IllegalArgumentException.class, () -> Pins.read(session, null, "PIN: ", "--pin"));
        assertArrayEquals("9".toCharArray(), Pins.newPin(null, "9", "new PIN: ", "--pin"));
    }

    @Test
    void postsAreJoinedWithPlus() {
        assertEquals(EnumSet.of(Post.ENTRY, Post.REVIEW), KeyCommand.posts("ENTRY+REVIEW"));
        assertEquals(EnumSet.of(Post.SEAL), KeyCommand.posts(" seal "));
        assertThrows(IllegalArgumentException.class, () -> KeyCommand.posts("ENTRY+BOSS"));
        assertThrows(IllegalArgumentException.class, () -> KeyCommand.posts("+"));
    }

    @Test
    void theCaListSaysWhatIsDueOnEachCertificate() {
        Instant now = Instant.parse("2026-11-24T00:00:00Z");
        assertEquals("REVOKED(keyCompromise)", CaListCommand.state(cert(now.plus(Duration.ofDays(300)), now), now, 60));
        assertEquals("EXPIRED", CaListCommand.state(cert(now.minusSeconds(1), null), now, 60));
        assertEquals("EXPIRES IN 42 DAYS", CaListCommand.state(cert(now.plus(Duration.ofDays(42)).plusSeconds(5), null),
                now, 60));
        assertEquals("EXPIRES IN 1 DAY", CaListCommand.state(cert(now.plus(Duration.ofHours(30)), null), now, 60));
        assertEquals("valid", CaListCommand.state(cert(now.plus(Duration.ofDays(61)), null), now, 60));
        assertEquals(-2, CaListCommand.daysLeft(cert(now.minus(Duration.ofHours(30)), null), now));
    }

    @Test
    void aSealPictureIsAPngFileOrADrawnRoundSeal() throws Exception {
        Path png = dir.resolve("seal.png");
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_ARGB), "png", png.toFile());
        assertArrayEquals(Files.readAllBytes(png), SealCommand.image(png.toString(), "ignored", 100));
        Path gif = dir.resolve("seal.gif");
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "gif", gif.toFile());
        assertThrows(IllegalArgumentException.class, () -> SealCommand.image(gif.toString(), "x", 100));
        assertThrows(IllegalArgumentException.class, () -> SealCommand.image(dir.resolve("none.png").toString(), "x", 100));

        byte[] drawn = SealCommand.image(null, "财政局国库支付专用章", 200);
        BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(drawn));
        assertEquals(200, img.getWidth());
        assertEquals(200, img.getHeight());
    }

    private static IssuedCertificate cert(Instant notAfter, Instant revokedAt) {
        return new IssuedCertificate(BigInteger.TEN, "CN=lr01@finance", Credential.Kind.PERSON, Instant.EPOCH, notAfter,
                revokedAt, revokedAt == null ? null : "keyCompromise", revokedAt == null ? null : "aq01");
    }
}
