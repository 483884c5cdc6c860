package org.jinku.security.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed logins per account and the lock (登录失败计数与锁定), in the security database so they survive a restart.
 * An account without a row has no failures and is not locked.
 */
final class LoginState {

    /** One account's count and, when locked, since when. */
    record State(int failures, Instant lockedAt) {
        static final State CLEAR = new State(0, null);

        boolean locked() {
            return lockedAt != null;
        }
    }

    private final SecurityDatabase db;

    LoginState(SecurityDatabase db) {
        this.db = db;
    }

    State get(String name) {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT FAILURES, LOCKED_AT FROM LOGIN_STATE WHERE NAME = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? state(rs) : State.CLEAR;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the login state of " + name + ": " + e.getMessage(), e);
        }
    }

    Map<String, State> all() {
        Map<String, State> out = new HashMap<>();
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT NAME, FAILURES, LOCKED_AT FROM LOGIN_STATE");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), state(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the login states: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Counts one more failure and locks the account when the count reaches {@code limit} (0: never).
     * Callers serialise calls for one name.
     */
    State fail(String name, int limit, Instant now) {
        State before = get(name);
        int failures = before.failures() + 1;
        Instant lockedAt = before.lockedAt() != null ? before.lockedAt()
                : limit > 0 && failures >= limit ? now : null;
        try (Connection c = db.connect()) {
            String sql = before == State.CLEAR
                    ? "INSERT INTO LOGIN_STATE (FAILURES, LOCKED_AT, NAME) VALUES (?, ?, ?)"
                    : "UPDATE LOGIN_STATE SET FAILURES = ?, LOCKED_AT = ? WHERE NAME = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, failures);
                ps.setTimestamp(2, lockedAt == null ? null : Timestamp.from(lockedAt), JdbcAuditLog.utc());
                ps.setString(3, name);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a failed login of " + name + ": " + e.getMessage(), e);
        }
        return new State(failures, lockedAt);
    }

    /** No failures, no lock (a successful login, an unlock, a deleted account). */
    void clear(String name) {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("DELETE FROM LOGIN_STATE WHERE NAME = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clear the login state of " + name + ": " + e.getMessage(), e);
        }
    }

    private static State state(ResultSet rs) throws SQLException {
        Timestamp t = rs.getTimestamp("LOCKED_AT", JdbcAuditLog.utc());
        return new State(rs.getInt("FAILURES"), t == null ? null : t.toInstant());
    }
}
