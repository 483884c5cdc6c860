package org.jinku.web.internal.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import org.jinku.api.security.Operator;

/**
 * The console's login sessions (会话), in memory: a session ends after {@code session.idle.minutes} without a
 * request (PID {@code jinku.web}, 15 by default) and at the latest {@code session.max.hours} after the login
 * (8). Ids and CSRF tokens are 256 random bits from {@link SecureRandom}; a restart ends every session.
 */
@Component(service = Sessions.class, configurationPid = "jinku.web")
public class Sessions {

    /** The configuration of PID {@code jinku.web} (etc/jinku.web.cfg). */
    public @interface Config {
        int session_idle_minutes() default 15;

        int session_max_hours() default 8;
    }

    /** One login: who, its CSRF token, and when it was made and last used. */
    public static final class Session {
        private final String id;
        private final Operator operator;
        private final String csrfToken;
        private final Instant created;
        private volatile Instant lastSeen;

        Session(String id, Operator operator, String csrfToken, Instant created) {
            this.id = id;
            this.operator = operator;
            this.csrfToken = csrfToken;
            this.created = created;
            this.lastSeen = created;
        }

        public String id() {
            return id;
        }

        public Operator operator() {
            return operator;
        }

        public String csrfToken() {
            return csrfToken;
        }

        public Instant created() {
            return created;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Duration idle = Duration.ofMinutes(15);
    private volatile Duration max = Duration.ofHours(8);

    public Sessions() {
        this(Clock.systemUTC());
    }

    /** On another clock (tests). */
    public Sessions(Clock clock) {
        this.clock = clock;
    }

    @Activate
    @Modified
    void configure(Config config) {
        idle = Duration.ofMinutes(Math.max(1, config.session_idle_minutes()));
        max = Duration.ofHours(Math.max(1, config.session_max_hours()));
    }

    /** Configures without OSGi (tests). */
    public Sessions timeouts(Duration idle, Duration max) {
        this.idle = idle;
        this.max = max;
        return this;
    }

    public Duration idle() {
        return idle;
    }

    /** A new session for a logged-in operator. */
    public Session open(Operator operator) {
        sweep();
        Session s = new Session(token(), operator, token(), clock.instant());
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session of {@code id}, marked as used now; an expired one is ended and empty. */
    public Optional<Session> touch(String id) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session of {@code name} (its account was locked or deleted). */
    public void closeAll(String name) {
        sessions.values().removeIf(s -> s.operator().name().equals(name));
    }

    int size() {
        return sessions.size();
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastSeen.plus(idle)) || !now.isBefore(s.created.plus(max));
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
