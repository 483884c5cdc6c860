package org.jinku.store.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The store's schema as numbered migrations. A database is brought to the newest version when a node
 * opens it; each migration commits with its version row, so a crash mid-way is retried cleanly.
 */
final class Schema {

    /** Migration N is at index N-1. Never edit a released migration: add one. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    "CREATE TABLE voucher ("
                            + " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            + " adm_div_code VARCHAR(6) NOT NULL, st_year VARCHAR(4) NOT NULL,"
                            + " vt_code VARCHAR(4) NOT NULL, voucher_no VARCHAR(42) NOT NULL,"
                            + " voucher_flag SMALLINT NOT NULL, direction VARCHAR(3) NOT NULL, peer VARCHAR(64),"
                            + " state VARCHAR(16) NOT NULL, body_b64 CLOB(64M) NOT NULL, digest VARCHAR(64) NOT NULL,"
                            + " pay_amt DECIMAL(17,2), reason VARCHAR(1000),"
                            + " created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,"
                            + " CONSTRAINT voucher_identity UNIQUE (adm_div_code, st_year, vt_code, voucher_no, voucher_flag))",
                    "CREATE INDEX voucher_state ON voucher (state)",
                    "CREATE TABLE voucher_signature ("
                            + " voucher_id BIGINT NOT NULL REFERENCES voucher (id), seq INT NOT NULL,"
                            + " stamp_position VARCHAR(32) NOT NULL, user_id VARCHAR(64), post VARCHAR(16),"
                            + " cert_sn VARCHAR(64) NOT NULL, signer VARCHAR(512), cms CLOB(1M) NOT NULL,"
                            + " signed_at TIMESTAMP NOT NULL, PRIMARY KEY (voucher_id, seq))",
                    "CREATE TABLE voucher_delivery ("
                            + " voucher_id BIGINT NOT NULL REFERENCES voucher (id), destination VARCHAR(64) NOT NULL,"
                            + " status INT NOT NULL, reason VARCHAR(1000), updated_at TIMESTAMP NOT NULL,"
                            + " PRIMARY KEY (voucher_id, destination))",
                    "CREATE INDEX voucher_delivery_status ON voucher_delivery (status)",
                    "CREATE TABLE voucher_event ("
                            + " voucher_id BIGINT NOT NULL REFERENCES voucher (id), seq INT NOT NULL,"
                            + " event_at TIMESTAMP NOT NULL, kind VARCHAR(32) NOT NULL, actor VARCHAR(64),"
                            + " detail VARCHAR(2000), hash VARCHAR(64) NOT NULL, PRIMARY KEY (voucher_id, seq))",
                    "CREATE TABLE outbox ("
                            + " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, destination VARCHAR(64) NOT NULL,"
                            + " msg_type VARCHAR(16) NOT NULL, message_id VARCHAR(128) NOT NULL,"
                            + " headers VARCHAR(4000) NOT NULL, body BLOB(64M) NOT NULL, attempts INT NOT NULL,"
                            + " not_before TIMESTAMP NOT NULL)",
                    "CREATE INDEX outbox_due ON outbox (not_before, id)",
                    "CREATE TABLE rejection ("
                            + " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, rejected_at TIMESTAMP NOT NULL,"
                            + " source VARCHAR(64), voucher_key VARCHAR(80), code VARCHAR(32) NOT NULL,"
                            + " reason VARCHAR(2000) NOT NULL, payload_digest VARCHAR(64))"),
            // 2: the signed head of each voucher's history, so truncation and rewrites are found
            List.of("ALTER TABLE voucher ADD COLUMN head_seq INT",
                    "ALTER TABLE voucher ADD COLUMN head_hash VARCHAR(64)",
                    "ALTER TABLE voucher ADD COLUMN head_sig VARCHAR(16000)"),
            // 3: versions of one key (void and resend under the same VoucherNo); only the live one is looked up
            List.of("ALTER TABLE voucher ADD COLUMN version INT NOT NULL DEFAULT 1",
                    "ALTER TABLE voucher ADD COLUMN live SMALLINT NOT NULL DEFAULT 1",
                    "ALTER TABLE voucher DROP CONSTRAINT voucher_identity",
                    "ALTER TABLE voucher ADD CONSTRAINT voucher_identity UNIQUE (adm_div_code, st_year, vt_code,"
                            + " voucher_no, voucher_flag, version)"));

    private Schema() {
    }

    /** Brings the database to the newest version; returns the version it found. */
    static int migrate(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            if (!tableExists(c, "JINKU_SCHEMA")) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE jinku_schema (version INT NOT NULL PRIMARY KEY, applied_at TIMESTAMP NOT NULL)");
                }
                c.commit();
            }
            int found = current(c);
            for (int v = found + 1; v <= MIGRATIONS.size(); v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : MIGRATIONS.get(v - 1)) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO jinku_schema VALUES (?, ?)")) {
                    p.setInt(1, v);
                    p.setTimestamp(2, Timestamp.from(Instant.now()));
                    p.executeUpdate();
                }
                c.commit();
            }
            return found;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM jinku_schema")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, null, name, null)) {
            if (rs.next()) {
                return true;
            }
        }
        try (ResultSet rs = md.getTables(null, null, name.toLowerCase(), null)) {
            return rs.next();
        }
    }
}
