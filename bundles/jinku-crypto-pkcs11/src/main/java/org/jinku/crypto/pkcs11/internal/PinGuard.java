package org.jinku.crypto.pkcs11.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/**
 * The PIN of a token (口令): one user PIN opens every container (alias) in it. The token checks it once, at
 * login; afterwards the session stays logged in, and a token would take any PIN again — so every call's PIN
 * is compared here, in constant time, with the one that logged in (kept only as a salted SHA-256).
 *
 * <p>Wrong PINs are counted per alias, as the API's containers lock: after {@code maxAttempts} in a row that
 * alias is locked (KEY_LOCKED) until {@link #reset}. A right PIN within {@code cacheTime} lets a null PIN through
 * for the same alias (off when zero).
 */
final class PinGuard {

    /** Logs in to the device with a PIN; throws WRONG_PIN or KEY_LOCKED as the device answers. */
    interface Login {
        void login(char[] pin);
    }

    private final int maxAttempts;
    private final Duration cacheTime;
    private final Clock clock;
    private final byte[] salt = new byte[16];
    private final Map<String, Integer> wrong = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRight = new ConcurrentHashMap<>();
    private volatile byte[] loggedIn;

    PinGuard(int maxAttempts, Duration cacheTime, Clock clock) {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.cacheTime = cacheTime;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    /**
     * Lets a call on {@code alias} through when {@code pin} is the token's PIN, logging in with it first if
     * nobody has yet.
     *
     * @throws JinkuException WRONG_PIN, KEY_LOCKED
     */
    void open(String alias, char[] pin, Login login) {
        if (locked(alias)) {
            throw new JinkuException(RejectCode.KEY_LOCKED, "the key container " + alias + " is locked after "
                    + maxAttempts + " wrong PINs in a row; the security administrator resets its PIN");
        }
        if (pin == null || pin.length == 0) {
            Instant last = lastRight.get(alias);
            if (pin == null && last != null && !cacheTime.isZero()
                    && clock.instant().isBefore(last.plus(cacheTime))) {
                return;
            }
            throw new JinkuException(RejectCode.WRONG_PIN, "the key container " + alias + " needs its PIN");
        }
        byte[] given = hash(pin);
        byte[] known = loggedIn;
        if (known == null) {
            synchronized (this) {
                known = loggedIn;
                if (known == null) {
                    try {
                        login.login(pin);
                    } catch (JinkuException e) {
                        if (e.code() == RejectCode.WRONG_PIN) {
                            throw wrongPin(alias);
                        }
                        throw e;
                    }
                    loggedIn = given;
                    right(alias);
                    return;
                }
            }
        }
        if (!MessageDigest.isEqual(given, known)) {
            throw wrongPin(alias);
        }
        right(alias);
    }

    /** Whether {@code pin} is the PIN that logged in (no counting): for a forced re-login with the same PIN. */
    boolean isLoggedInPin(char[] pin) {
        byte[] known = loggedIn;
        return pin != null && known != null && MessageDigest.isEqual(hash(pin), known);
    }

    /** Forgets the login, e.g. after the token dropped it or the PIN was changed on the token. */
    synchronized void forget() {
        loggedIn = null;
        lastRight.clear();
    }

    /** Records a login made outside {@link #open} (a forced re-login, a reset) with {@code pin}. */
    synchronized void loggedIn(char[] pin) {
        loggedIn = hash(pin);
    }

    /** Unlocks {@code alias} (the security administrator's reset). */
    void reset(String alias) {
        wrong.remove(alias);
        lastRight.remove(alias);
    }

    boolean locked(String alias) {
        return wrong.getOrDefault(alias, 0) >= maxAttempts;
    }

    private void right(String alias) {
        wrong.remove(alias);
        if (!cacheTime.isZero()) {
            lastRight.put(alias, clock.instant());
        }
    }

    private JinkuException wrongPin(String alias) {
        lastRight.remove(alias);
        int n = wrong.merge(alias, 1, Integer::sum);
        if (n >= maxAttempts) {
            return new JinkuException(RejectCode.KEY_LOCKED, "wrong PIN for " + alias + ", " + n
                    + " in a row: the key container is locked; the security administrator resets its PIN");
        }
        return new JinkuException(RejectCode.WRONG_PIN, "wrong PIN for " + alias + " (" + n + " of " + maxAttempts
                + " before it locks)");
    }

    private byte[] hash(char[] pin) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            d.update(bytes.duplicate());
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }
}
