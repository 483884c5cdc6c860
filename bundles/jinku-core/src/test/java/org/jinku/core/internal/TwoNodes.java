package org.jinku.core.internal;

import java.nio.file.Path;
import java.sql.Driver;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.XADataSource;

import org.osgi.service.jdbc.DataSourceFactory;

import org.jinku.api.spi.PartyAdapter;
import org.jinku.catalog.internal.CatalogService;
import org.jinku.crypto.soft.internal.SoftCryptoProvider;
import org.jinku.sim.bank.internal.BankSimulator;
import org.jinku.store.jdbc.internal.JdbcStoreFactory;

/** A finance node and a bank node with the bank simulator, on real catalogue, SM2 and Derby. */
final class TwoNodes implements AutoCloseable {

    final LoopbackTransport transport = new LoopbackTransport();
    final CatalogService catalog = new CatalogService();
    /** Every container's PIN in these tests. */
    static final String PIN = "123456";
    final SoftCryptoProvider crypto;
    final NodeEngine finance = new NodeEngine();
    final NodeEngine bank = new NodeEngine();
    final BankSimulator simulator = new BankSimulator();
    private final JdbcStoreFactory stores;

    TwoNodes(Path dir) throws Exception {
        System.setProperty("karaf.data", dir.toString());
        crypto = SoftCryptoProvider.open(dir.resolve("keys"));
        stores = new JdbcStoreFactory();
        stores.addDriver(new DerbyFactory(), Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_NAME, "derby"));
        finance.bind(catalog, stores, crypto, transport, null);
        finance.activate(financeConfig());
        bank.bind(catalog, stores, crypto, transport, simulator);
        bank.activate(bankConfig());
    }

    static Map<String, Object> financeConfig() {
        Map<String, Object> c = config("finance", "FINANCE", "peer.AGENT_BANK", "bank",
                "lr01:ENTRY, sh01:REVIEW, boss:ENTRY+REVIEW");
        c.put("peer.bank.code", "102"); // the sample vouchers name agent bank 102 in PayBankCode
        return c;
    }

    /** The bank has a second peer, a PBoC, so a message can come from a peer of the wrong party. */
    static Map<String, Object> bankConfig() {
        Map<String, Object> c = config("bank", "AGENT_BANK", "peer.FINANCE", "finance", "yh01:ENTRY");
        c.put("peer.PBOC", "pboc");
        return c;
    }

    static Map<String, Object> config(String name, String role, String peerKey, String peer, String users) {
        Map<String, Object> c = new HashMap<>();
        c.put("jinku.node", name);
        c.put("role", role);
        c.put(peerKey, peer);
        c.put("users", users);
        c.put("admDivCode", "210000");
        c.put("org.pin", PIN);
        for (String u : users.split(",")) {
            if (!u.isBlank()) {
                c.put("pin." + u.trim().split(":")[0], PIN);
            }
        }
        return c;
    }

    /** A 5201 of two lines to agent bank 102, numbered {@code no}. */
    static org.jinku.api.Voucher sample(String no) {
        return org.jinku.catalog.sample.SampleVouchers.directPayment("210000", "2026", no, 2, 50_000, "20261123");
    }

    /** Waits up to 20 s for {@code condition}. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Submits {@code v} at finance and signs both posts (lr01, sh01) with their PINs: it is sent. */
    org.jinku.api.VoucherKey sendSigned(org.jinku.api.Voucher v) {
        org.jinku.api.VoucherKey key = finance.submit(v).key();
        finance.sign(key, "lr01", PIN);
        finance.sign(key, "sh01", PIN);
        return key;
    }

    /** Enrolls {@code alias} (organisation: its prefix before '/') with the tests' PIN. */
    static org.jinku.api.Credential enroll(SoftCryptoProvider crypto, String alias, String commonName,
                                           org.jinku.api.Credential.Kind kind, java.util.Set<org.jinku.api.Post> posts) {
        int slash = alias.indexOf('/');
        return crypto.enroll(alias, slash < 0 ? alias : alias.substring(0, slash), commonName, kind, posts,
                PIN.toCharArray());
    }

    /** A detached CMS by {@code alias} with the default profile. */
    static byte[] sign(SoftCryptoProvider crypto, String alias, byte[] content) {
        return crypto.sign(alias, PIN.toCharArray(), content, org.jinku.api.CryptoProfile.DEFAULT);
    }

    void setAdapter(NodeEngine node, PartyAdapter adapter) {
        node.adapter = adapter;
    }

    /** Stops the finance node and starts it again with {@code config}, on the same database and keys. */
    void restartFinance(Map<String, Object> config) {
        finance.deactivate();
        finance.bind(catalog, stores, crypto, transport, null);
        finance.activate(config);
    }

    /** Stops the bank node and starts it again on the same database, keys and queue. */
    void restartBank(PartyAdapter adapter) {
        restartBank(adapter, bankConfig());
    }

    void restartBank(PartyAdapter adapter, Map<String, Object> config) {
        bank.deactivate();
        bank.bind(catalog, stores, crypto, transport, adapter);
        bank.activate(config);
    }

    /** Both nodes publish the box CA's CRL and can revoke with it, as in the distribution. */
    void bindCa() {
        finance.ca = crypto.certificateAuthority();
        bank.ca = crypto.certificateAuthority();
    }

    @Override
    public void close() {
        finance.deactivate();
        bank.deactivate();
        transport.shutdown();
    }

    /** What pax-jdbc-derby registers in the container. */
    private static final class DerbyFactory implements DataSourceFactory {
        @Override
        public Driver createDriver(Properties props) {
            return new org.apache.derby.jdbc.EmbeddedDriver();
        }

        @Override
        public DataSource createDataSource(Properties props) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConnectionPoolDataSource createConnectionPoolDataSource(Properties props) {
            throw new UnsupportedOperationException();
        }

        @Override
        public XADataSource createXADataSource(Properties props) {
            throw new UnsupportedOperationException();
        }
    }
}
