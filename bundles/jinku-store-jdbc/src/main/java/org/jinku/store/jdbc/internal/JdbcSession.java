package org.jinku.store.jdbc.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.spi.StoreRecords.DeliveryRow;
import org.jinku.api.spi.StoreRecords.EventRow;
import org.jinku.api.spi.StoreRecords.OutboxRow;
import org.jinku.api.spi.StoreRecords.RejectionRow;
import org.jinku.api.spi.StoreRecords.SignatureRow;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherStore;

/** One transaction's view of the store. Plain SQL that Derby and PostgreSQL both accept. */
final class JdbcSession implements VoucherStore.Session {

    private static final String VOUCHER_COLUMNS = "id, adm_div_code, st_year, vt_code, voucher_no, voucher_flag,"
            + " direction, peer, state, body_b64, digest, pay_amt, reason, created_at, updated_at, version";
    private static final String ALL_VERSIONS = " WHERE adm_div_code = ? AND st_year = ? AND vt_code = ? AND voucher_no = ?"
            + " AND voucher_flag = ?";
    private static final String KEY_WHERE = ALL_VERSIONS + " AND live = 1";

    private final Connection c;

    JdbcSession(Connection c) {
        this.c = c;
    }

    @Override
    public Optional<VoucherRow> lock(VoucherKey key, int flag) {
        // A no-op update takes the row's write lock portably (Derby has no plain SELECT … FOR UPDATE).
        int n = update("UPDATE voucher SET updated_at = updated_at" + KEY_WHERE, key.admDivCode(), key.stYear(),
                key.vtCode(), key.voucherNo(), flag);
        return n == 0 ? Optional.empty() : find(key, flag);
    }

    @Override
    public Optional<VoucherRow> find(VoucherKey key, int flag) {
        List<VoucherRow> rows = query("SELECT " + VOUCHER_COLUMNS + " FROM voucher" + KEY_WHERE, JdbcSession::voucher,
                key.admDivCode(), key.stYear(), key.vtCode(), key.voucherNo(), flag);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public void supersede(long voucherId) {
        update("UPDATE voucher SET live = 0 WHERE id = ?", voucherId);
    }

    @Override
    public List<VoucherRow> versions(VoucherKey key, int flag) {
        return query("SELECT " + VOUCHER_COLUMNS + " FROM voucher" + ALL_VERSIONS + " ORDER BY version",
                JdbcSession::voucher, key.admDivCode(), key.stYear(), key.vtCode(), key.voucherNo(), flag);
    }

    @Override
    public Optional<VoucherRow> insert(VoucherRow r) {
        Savepoint sp = null;
        try {
            sp = c.setSavepoint();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO voucher (adm_div_code, st_year, vt_code,"
                    + " voucher_no, voucher_flag, direction, peer, state, body_b64, digest, pay_amt, reason,"
                    + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                bind(p, r.key().admDivCode(), r.key().stYear(), r.key().vtCode(), r.key().voucherNo(),
                        r.voucherFlag(), r.direction().name(), r.peer(), r.state().name(), r.bodyBase64(), r.digest(),
                        r.payAmt() == null ? null : new java.math.BigDecimal(r.payAmt()), r.reason(),
                        ts(r.created()), ts(r.updated()), r.version());
                p.executeUpdate();
                long id;
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                c.releaseSavepoint(sp);
                return Optional.of(new VoucherRow(id, r.key(), r.voucherFlag(), r.direction(), r.peer(), r.state(),
                        r.bodyBase64(), r.digest(), r.payAmt(), r.reason(), r.created(), r.updated(), r.version()));
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                rollbackTo(sp);
                return Optional.empty();
            }
            throw failure(e);
        }
    }

    private void rollbackTo(Savepoint sp) {
        try {
            c.rollback(sp);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void replaceContent(long voucherId, String bodyBase64, String digest, String payAmt) {
        update("UPDATE voucher SET body_b64 = ?, digest = ?, pay_amt = ?, updated_at = ? WHERE id = ?", bodyBase64,
                digest, payAmt == null ? null : new java.math.BigDecimal(payAmt), ts(Instant.now()), voucherId);
    }

    @Override
    public void removeSignatures(long voucherId) {
        update("DELETE FROM voucher_signature WHERE voucher_id = ?", voucherId);
    }

    @Override
    public void setHistoryHead(long voucherId, org.jinku.api.spi.StoreRecords.HistoryHead head) {
        update("UPDATE voucher SET head_seq = ?, head_hash = ?, head_sig = ? WHERE id = ?", head.seq(), head.hash(),
                head.signatureBase64(), voucherId);
    }

    @Override
    public Optional<org.jinku.api.spi.StoreRecords.HistoryHead> historyHead(long voucherId) {
        List<org.jinku.api.spi.StoreRecords.HistoryHead> heads = query(
                "SELECT head_seq, head_hash, head_sig FROM voucher WHERE id = ? AND head_hash IS NOT NULL",
                rs -> new org.jinku.api.spi.StoreRecords.HistoryHead(rs.getInt(1), rs.getString(2), rs.getString(3)),
                voucherId);
        return heads.isEmpty() ? Optional.empty() : Optional.of(heads.get(0));
    }

    @Override
    public void updateState(long voucherId, VoucherState state, String reason) {
        // Reasons come from peers and adapters: bounded to the column, never a reason to refuse a receipt.
        update("UPDATE voucher SET state = ?, reason = ?, updated_at = ? WHERE id = ?", state.name(),
                truncate(reason, 1000), ts(Instant.now()), voucherId);
    }

    @Override
    public void addSignature(SignatureRow s) {
        update("INSERT INTO voucher_signature (voucher_id, seq, stamp_position, user_id, post, cert_sn, signer, cms,"
                        + " signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", s.voucherId(), s.seq(), s.position(),
                s.userId(), s.post(), s.certSerialHex(), s.signer(), s.cmsBase64(), ts(s.at()));
    }

    @Override
    public List<SignatureRow> signatures(long voucherId) {
        return query("SELECT voucher_id, seq, stamp_position, user_id, post, cert_sn, signer, cms, signed_at"
                        + " FROM voucher_signature WHERE voucher_id = ? ORDER BY seq",
                rs -> new SignatureRow(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant()), voucherId);
    }

    @Override
    public void setDelivery(long voucherId, String destination, DeliveryStatus status, String fullReason) {
        String reason = truncate(fullReason, 1000);
        Timestamp now = ts(Instant.now());
        int n = update("UPDATE voucher_delivery SET status = ?, reason = ?, updated_at = ?"
                + " WHERE voucher_id = ? AND destination = ?", status.code(), reason, now, voucherId, destination);
        if (n == 0) {
            update("INSERT INTO voucher_delivery (voucher_id, destination, status, reason, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)", voucherId, destination, status.code(), reason, now);
        }
    }

    @Override
    public List<DeliveryRow> deliveries(long voucherId) {
        return query("SELECT voucher_id, destination, status, reason, updated_at FROM voucher_delivery"
                        + " WHERE voucher_id = ? ORDER BY destination",
                rs -> new DeliveryRow(rs.getLong(1), rs.getString(2), DeliveryStatus.ofCode(rs.getInt(3)),
                        rs.getString(4), rs.getTimestamp(5).toInstant()), voucherId);
    }

    @Override
    public Optional<EventRow> lastEvent(long voucherId) {
        List<EventRow> rows = query(EVENT_SELECT + " WHERE voucher_id = ? AND seq ="
                + " (SELECT MAX(seq) FROM voucher_event WHERE voucher_id = ?)", JdbcSession::event, voucherId, voucherId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static final String EVENT_SELECT = "SELECT voucher_id, seq, event_at, kind, actor, detail, hash FROM voucher_event";

    @Override
    public void appendEvent(EventRow e) {
        update("INSERT INTO voucher_event (voucher_id, seq, event_at, kind, actor, detail, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", e.voucherId(), e.seq(), ts(e.at()), e.kind(), e.actor(),
                truncate(e.detail(), 2000), e.hash());
    }

    @Override
    public List<EventRow> events(long voucherId) {
        return query(EVENT_SELECT + " WHERE voucher_id = ? ORDER BY seq", JdbcSession::event, voucherId);
    }

    @Override
    public void enqueue(OutboxRow m) {
        update("INSERT INTO outbox (destination, msg_type, message_id, headers, body, attempts, not_before)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", m.destination(), m.type(), m.messageId(),
                encodeHeaders(m.headers()), m.body(), m.attempts(), ts(m.notBefore()));
    }

    @Override
    public List<OutboxRow> dueOutbox(Instant now, int max) {
        return query(max, "SELECT id, destination, msg_type, message_id, headers, body, attempts, not_before"
                        + " FROM outbox WHERE not_before <= ? ORDER BY id",
                rs -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        decodeHeaders(rs.getString(5)), rs.getBytes(6), rs.getInt(7), rs.getTimestamp(8).toInstant()),
                ts(now));
    }

    @Override
    public List<OutboxRow> dueOutbox(Instant now, int max, java.util.Set<String> held) {
        if (held.isEmpty()) {
            return dueOutbox(now, max);
        }
        List<Object> args = new java.util.ArrayList<>();
        args.add(ts(now));
        args.addAll(held);
        return query(max, "SELECT id, destination, msg_type, message_id, headers, body, attempts, not_before"
                        + " FROM outbox WHERE not_before <= ? AND destination NOT IN ("
                        + String.join(", ", java.util.Collections.nCopies(held.size(), "?")) + ") ORDER BY id",
                rs -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        decodeHeaders(rs.getString(5)), rs.getBytes(6), rs.getInt(7), rs.getTimestamp(8).toInstant()),
                args.toArray());
    }

    @Override
    public void removeOutbox(long outboxId) {
        update("DELETE FROM outbox WHERE id = ?", outboxId);
    }

    @Override
    public void rescheduleOutbox(long outboxId, int attempts, Instant notBefore) {
        update("UPDATE outbox SET attempts = ?, not_before = ? WHERE id = ?", attempts, ts(notBefore), outboxId);
    }

    @Override
    public void recordRejection(RejectionRow r) {
        update("INSERT INTO rejection (rejected_at, source, voucher_key, code, reason, payload_digest)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", ts(r.at()), truncate(r.source(), 64), truncate(r.voucherKey(), 80),
                r.code().name(), truncate(r.reason(), 2000), r.payloadDigest());
    }

    @Override
    public List<RejectionRow> rejections(int limit) {
        return query(limit, "SELECT id, rejected_at, source, voucher_key, code, reason, payload_digest"
                        + " FROM rejection ORDER BY id DESC",
                rs -> new RejectionRow(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        RejectCode.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7)));
    }

    @Override
    public List<VoucherRow> list(int limit) {
        return query(limit, "SELECT " + VOUCHER_COLUMNS + " FROM voucher WHERE live = 1 ORDER BY id DESC", JdbcSession::voucher);
    }

    @Override
    public List<VoucherRow> inState(Direction direction, VoucherState state, int limit) {
        return query(limit, "SELECT " + VOUCHER_COLUMNS + " FROM voucher WHERE state = ? AND direction = ? AND live = 1 ORDER BY id",
                JdbcSession::voucher, state.name(), direction.name());
    }

    @Override
    public Map<DeliveryStatus, Long> statusCounts() {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        query("SELECT d.status, COUNT(*) FROM voucher v JOIN voucher_delivery d ON d.voucher_id = v.id"
                        + " WHERE v.voucher_flag = 0 AND v.direction = 'OUT' AND v.live = 1 GROUP BY d.status",
                rs -> counts.put(DeliveryStatus.ofCode(rs.getInt(1)), rs.getLong(2)));
        long notSent = query("SELECT COUNT(*) FROM voucher v WHERE v.voucher_flag = 0 AND v.direction = 'OUT' AND v.live = 1"
                + " AND NOT EXISTS (SELECT 1 FROM voucher_delivery d WHERE d.voucher_id = v.id)", rs -> rs.getLong(1))
                .get(0);
        if (notSent > 0) {
            counts.put(DeliveryStatus.NOT_SENT, notSent);
        }
        return counts;
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return query(0, sql, mapper, args);
    }

    private <T> List<T> query(int maxRows, String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setMaxRows(maxRows);
            bind(p, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof byte[] b) {
                p.setBytes(i + 1, b);
            } else if (a instanceof String s && s.length() > 30_000) {
                p.setCharacterStream(i + 1, new java.io.StringReader(s), s.length());
            } else {
                p.setObject(i + 1, a);
            }
        }
    }

    private static VoucherRow voucher(ResultSet rs) throws SQLException {
        java.math.BigDecimal amt = rs.getBigDecimal(12);
        return new VoucherRow(rs.getLong(1), new VoucherKey(rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5)), rs.getInt(6), Direction.valueOf(rs.getString(7)), rs.getString(8),
                VoucherState.valueOf(rs.getString(9)), rs.getString(10), rs.getString(11),
                amt == null ? null : amt.toPlainString(), rs.getString(13), rs.getTimestamp(14).toInstant(),
                rs.getTimestamp(15).toInstant(), rs.getInt(16));
    }

    private static EventRow event(ResultSet rs) throws SQLException {
        return new EventRow(rs.getLong(1), rs.getInt(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static String encodeHeaders(Map<String, String> headers) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(h.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(h.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static Map<String, String> decodeHeaders(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return m;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /**
     * What an SQLException means to the caller. Data exceptions (SQLState class 22, e.g. a value longer
     * than its column) and constraint violations (23) are the input's fault: a refusal of that input.
     * Anything else — connection lost, disk full, lock timeouts after retries — means the store cannot
     * work now; the message that was being processed is delivered again later.
     */
    static RuntimeException failure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22")) {
            return new org.jinku.api.JinkuException(state.equals("22001") ? RejectCode.OVERSIZED
                    : RejectCode.INVALID_FIELD, "a value does not fit the store (SQLState " + state + ")", e);
        }
        if (state.startsWith("23")) {
            return new org.jinku.api.JinkuException(RejectCode.INVALID_FIELD,
                    "the store refused a value (SQLState " + state + ")", e);
        }
        return new StoreException(e);
    }

    /** Unchecked carrier of an SQLException, unwrapped by the store to decide on a retry. */
    static final class StoreException extends org.jinku.api.spi.StoreUnavailableException {
        private static final long serialVersionUID = 1L;

        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
