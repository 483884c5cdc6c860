package org.jinku.adapter.legacysoap.internal.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.adapter.legacysoap.internal.LegacySoapAdapter;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.catalog.sample.Operators;
import org.jinku.catalog.sample.SampleVouchers;

/**
 * {@code jinku:soap-bench}: a bank front-end in service on Jinku, measured. The sending node (finance) submits and
 * signs sample 5201s for the bank; then a client that speaks as Apache Axis 1.4 does (HTTP/1.0, a connection per
 * call, RPC/encoded, the account's Basic login) calls {@code readVoucher} and {@code confirmVoucher} (签收) over
 * HTTP, first 100 vouchers per call, then one voucher per call, and prints calls/s and latency percentiles. With
 * {@code --bind} it binds the bank node to the legacy-soap adapter for the run (no simulator may answer first) and
 * restores the node's binding afterwards.
 */
@Command(scope = "jinku", name = "soap-bench",
        description = "Measures readVoucher + confirmVoucher calls/s of a front-end on the legacy SOAP API")
@Service
public class SoapBenchCommand implements Action {

    private static final Charset GBK = Charset.forName("GBK");
    private static final String VT_CODE = "5201";
    private static final String ADM_DIV = "210000";

    @Reference
    NodeDirectory directory;

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    LegacySoapAdapter adapter;

    @Reference
    Session session;

    @Option(name = "--count", description = "Vouchers read and confirmed in batches")
    int count = 1000;

    @Option(name = "--batch", description = "voucherCount per readVoucher in the batch phase (1 to 100)")
    int batch = 100;

    @Option(name = "--single", description = "Vouchers then read and confirmed one per call")
    int single = 100;

    @Option(name = "--service", description = "The front-end's endpoint: the node it serves reads and confirms")
    String service = "AsspPBankService";

    @Option(name = "--from", description = "The node that sends the vouchers")
    String from = "finance";

    @Option(name = "--user", description = "The account the front-end logs in with (a post on the bank node)")
    String user = "yh01";

    @Option(name = "--password", description = "Its password (asked for when not given)")
    String password;

    @Option(name = "--port", description = "Jetty's HTTP port (default: org.osgi.service.http.port of org.ops4j.pax.web)")
    int port;

    @Option(name = "--bind", description = "Bind the bank node to the legacy-soap adapter for the run, then restore it")
    boolean bind;

    @Override
    public Object execute() throws Exception {
        if (batch < 1 || batch > 100) {
            throw new IllegalArgumentException("--batch must be 1 to 100 (the library reads at most 100 at a time)");
        }
        String nodeName = adapter.settings().services().get(service);
        if (nodeName == null) {
            throw new IllegalArgumentException("the legacy-soap adapter serves no " + service + "; it serves "
                    + adapter.settings().services());
        }
        String certId = adapter.settings().certIds().values().stream()
                .filter(c -> c.node().equals(nodeName) && c.user() == null).map(c -> c.id()).sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no certID stands for " + nodeName
                        + " as a whole (certid.<id> = " + nodeName + " in etc/jinku.adapter.legacysoap.cfg)"));
        Node bank = directory.require(nodeName);
        Node sender = directory.require(from);
        char[] secret = password != null ? password.toCharArray()
                : session.readLine("password of " + user + ": ", '*').toCharArray();
        int httpPort = port > 0 ? port : httpPort();
        AxisClient client = new AxisClient("127.0.0.1", httpPort, service, user, secret);

        Object previousBinding = null;
        boolean rebound = false;
        if (!bank.adapterId().filter(LegacySoapAdapter.ID::equals).isPresent()) {
            if (!bind) {
                throw new IllegalStateException(nodeName + " is answered by adapter " + bank.adapterId().orElse("none")
                        + ", which would answer the vouchers before the front-end reads them: give --bind, or set"
                        + " adapter.target = (jinku.adapter=legacy-soap) in its cfg");
            }
            previousBinding = setAdapterTarget(nodeName, "(jinku.adapter=" + LegacySoapAdapter.ID + ")");
            rebound = true;
        }
        try {
            // A node restarts when its cfg changes: absent for a moment, then up with the adapter bound.
            await(nodeName + " bound to the legacy-soap adapter", () -> directory.node(nodeName)
                    .flatMap(Node::adapterId).filter(LegacySoapAdapter.ID::equals).isPresent());
            run(sender, directory.require(nodeName), client, certId, httpPort);
        } finally {
            if (rebound) {
                setAdapterTarget(nodeName, previousBinding);
                System.out.printf("soap-bench: %s bound again to %s%n", nodeName,
                        previousBinding == null ? "no adapter" : previousBinding);
            }
        }
        return null;
    }

    private void run(Node sender, Node bank, AxisClient client, String certId, int httpPort) throws Exception {
        String year = String.valueOf(LocalDate.now().getYear());
        System.out.printf("soap-bench: %d cores, JDK %s; %s front-end of %s at 127.0.0.1:%d as account %s"
                        + " (certID %s); Axis 1.4 wire form, HTTP/1.0, a connection per call, one client%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), service, bank.name(),
                httpPort, user, certId);

        // Anything the front-end has not confirmed yet is confirmed first, so the figures are the bench's vouchers.
        drain(client, certId, year);

        String prefix = "SB" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        List<VoucherKey> keys = prepare(sender, bank, prefix, year, count + single);
        await((count + single) + " vouchers received at " + bank.name(), () -> bank.unanswered(VT_CODE, 20_000)
                .stream().filter(v -> v.key().voucherNo().startsWith(prefix)).count() >= count + single);

        Phase batched = phase(client, certId, year, batch, count);
        batched.print("readVoucher(" + batch + ") + confirmVoucher(" + batch + ")");
        Phase one = phase(client, certId, year, 1, single);
        one.print("readVoucher(1) + confirmVoucher(1)");

        long notAccepted = keys.stream().filter(k -> bank.find(k, 0).map(v -> v.state() != VoucherState.ACCEPTED)
                .orElse(true)).count();
        if (notAccepted > 0) {
            throw new IllegalStateException(notAccepted + " of the bench's vouchers are not confirmed (签收) at "
                    + bank.name() + " after the run");
        }
        System.out.printf("soap-bench: all %d vouchers confirmed (签收) at %s%n", keys.size(), bank.name());
    }

    /** Submits and signs {@code n} sample 5201s at the sender for the bank (two threads); not measured. */
    private List<VoucherKey> prepare(Node sender, Node bank, String prefix, String year, int n) throws Exception {
        Function<String, String> pins = Operators.boxPins(configAdmin, sender.name());
        String payBank = adapter.settings().orgTypeOf(bank.address());
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        Instant t0 = Instant.now();
        List<VoucherKey> keys = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String no = prefix + "-" + i;
                work.add(pool.submit(() -> {
                    VoucherKey k = sender.submit(SampleVouchers.directPayment(ADM_DIV, year, no, 1, 10_000, today)
                            .withHeader(Map.of("PayBankCode", payBank), null)).key();
                    Operators.signEveryPost(sender, k, pins);
                    keys.add(k);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf("prepared: %d 5201s submitted and signed at %s for bank %s in %d ms (not measured)%n", n,
                sender.name(), payBank, Duration.between(t0, Instant.now()).toMillis());
        return keys;
    }

    private void drain(AxisClient client, String certId, String year) throws Exception {
        int drained = 0;
        for (List<String> nos; !(nos = voucherNos(read(client, "readVoucherAgain", certId, year, 100))).isEmpty(); ) {
            confirm(client, certId, year, nos);
            drained += nos.size();
        }
        if (drained > 0) {
            System.out.printf("drained: %d vouchers left unconfirmed before the run, confirmed first%n", drained);
        }
    }

    /** Reads and confirms {@code total} vouchers, {@code perCall} at a time, timing every call. */
    private Phase phase(AxisClient client, String certId, String year, int perCall, int total) throws Exception {
        Phase p = new Phase();
        long t0 = System.nanoTime();
        while (p.vouchers < total) {
            AxisClient.Answer read = read(client, "readVoucher", certId, year, Math.min(perCall, total - p.vouchers));
            List<String> nos = voucherNos(read);
            if (nos.isEmpty()) {
                throw new IllegalStateException("readVoucher returned nothing after " + p.vouchers + " of " + total);
            }
            p.reads.add(read.nanos());
            p.readBytes += read.body().length;
            p.confirms.add(confirm(client, certId, year, nos).nanos());
            p.vouchers += nos.size();
        }
        p.elapsed = System.nanoTime() - t0;
        return p;
    }

    private static AxisClient.Answer read(AxisClient client, String op, String certId, String year, int n)
            throws Exception {
        return checked(op, client.call(op, certId, ADM_DIV, Integer.valueOf(year), VT_CODE, n));
    }

    private static AxisClient.Answer confirm(AxisClient client, String certId, String year, List<String> nos)
            throws Exception {
        return checked("confirmVoucher", client.call("confirmVoucher", certId, ADM_DIV, Integer.valueOf(year),
                VT_CODE, nos.toArray(new String[0])));
    }

    /** A bench that measures faults measures nothing: the first one ends it. */
    private static AxisClient.Answer checked(String op, AxisClient.Answer a) {
        if (a.status() != 200) {
            throw new IllegalStateException(op + ": HTTP " + a.status() + ", " + a.fault());
        }
        return a;
    }

    /** The VoucherNo of every VoucherBody in a readVoucher answer (a GBK MOF envelope), none for nil. */
    static List<String> voucherNos(AxisClient.Answer a) throws Exception {
        byte[] mof = a.base64("readVoucher");
        if (mof == null) {
            mof = a.base64("readVoucherAgain");
        }
        List<String> nos = new ArrayList<>();
        if (mof == null) {
            return nos;
        }
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(mof), GBK.name());
        while (r.hasNext()) {
            if (r.next() == XMLStreamReader.START_ELEMENT && r.getLocalName().equals("VoucherBody")) {
                nos.add(r.getAttributeValue(null, "VoucherNo"));
            }
        }
        return nos;
    }

    private Object setAdapterTarget(String nodeName, Object target) throws Exception {
        Configuration c = Operators.nodeConfiguration(configAdmin, nodeName)
                .orElseThrow(() -> new IllegalStateException("node " + nodeName + " has no configuration"));
        Dictionary<String, Object> props = c.getProperties();
        Object before = props.get("adapter.target");
        if (target == null) {
            props.remove("adapter.target");
        } else {
            props.put("adapter.target", target);
        }
        c.update(props);
        System.out.printf("soap-bench: %s adapter.target = %s%n", nodeName, target == null ? "(none)" : target);
        return before;
    }

    private int httpPort() throws Exception {
        Configuration c = configAdmin.getConfiguration("org.ops4j.pax.web", null);
        Object p = c.getProperties() == null ? null : c.getProperties().get("org.osgi.service.http.port");
        return p == null ? 8181 : Integer.parseInt(p.toString().trim());
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(300);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after 300 s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The calls of one phase and what they took. */
    private static final class Phase {
        final List<Long> reads = new ArrayList<>();
        final List<Long> confirms = new ArrayList<>();
        int vouchers;
        long readBytes;
        long elapsed;

        void print(String title) {
            int calls = reads.size() + confirms.size();
            double secs = elapsed / 1e9;
            System.out.printf("%s: %d vouchers in %d calls, %.2f s: %.1f calls/s, %.1f vouchers/s read and"
                            + " confirmed; %d KB read%n", title, vouchers, calls, secs, calls / secs, vouchers / secs,
                    readBytes / 1024);
            System.out.printf("  readVoucher ms    %s%n  confirmVoucher ms %s%n", percentiles(reads),
                    percentiles(confirms));
        }

        private static String percentiles(List<Long> nanos) {
            List<Long> s = new ArrayList<>(nanos);
            Collections.sort(s);
            return String.format("p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  (%d calls)", at(s, 50), at(s, 95),
                    at(s, 99), at(s, 100), s.size());
        }

        private static double at(List<Long> sorted, int pct) {
            if (sorted.isEmpty()) {
                return 0;
            }
            int i = (int) Math.ceil(pct / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
        }
    }
}
