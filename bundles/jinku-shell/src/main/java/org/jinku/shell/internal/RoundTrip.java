package org.jinku.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Node;
import org.jinku.api.Post;
import org.jinku.api.UserInfo;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;
import org.jinku.catalog.sample.Operators;
import org.jinku.catalog.sample.SampleVouchers;

/**
 * Drives N sample direct-payment vouchers through a sending node — submit, sign at each post by a
 * different operator, then wait for every one to end (回单 received, or refused/returned) — and reports
 * what happened to each. Shared by {@code jinku:demo} and {@code jinku:bench}.
 */
final class RoundTrip {

    record Result(int count, Map<DeliveryStatus, Integer> byStatus, int ok, int failed, Duration elapsed,
                  List<Long> latenciesMillis) {
    }

    private RoundTrip() {
    }

    /** As {@link #run(Node, Function, String, int, int, int, Duration, PrintStream)} with the box's PINs. */
    static Result run(Node node, String admDivCode, int count, int lines, int threads, Duration timeout,
                      PrintStream out) throws Exception {
        return run(node, boxPins(node.name()), admDivCode, count, lines, threads, timeout, out);
    }

    /** @param pinOf the operators' PINs (user ID → PIN) */
    static Result run(Node node, Function<String, String> pinOf, String admDivCode, int count, int lines, int threads,
                      Duration timeout, PrintStream out) throws Exception {
        String entry = userWith(node, Post.ENTRY, null);
        String review = userWith(node, Post.REVIEW, entry);
        String entryPin = pinOf.apply(entry);
        String reviewPin = pinOf.apply(review);
        String prefix = "D" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        String year = today.substring(0, 4);
        List<VoucherKey> keys = Collections.synchronizedList(new ArrayList<>());
        long endedBefore = ended(node);
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String no = prefix + "-" + i;
                long fen = 10_000L + i;
                futures.add(pool.submit(() -> {
                    Voucher v = SampleVouchers.directPayment(admDivCode, year, no, lines, fen, today);
                    VoucherKey k = node.submit(v).key();
                    node.sign(k, entry, entryPin);
                    node.sign(k, review, reviewPin);
                    keys.add(k);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        out.printf("%d vouchers submitted and signed by %s (录入) and %s (审核) in %d ms; waiting for receipts…%n",
                count, entry, review, Duration.between(start, Instant.now()).toMillis());

        // Wait on the node's status counts (one query) rather than on every voucher, so that watching
        // does not load the node being measured; then read each voucher once.
        Instant deadline = Instant.now().plus(timeout);
        while (ended(node) - endedBefore < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Map<VoucherKey, VoucherView> views = new java.util.HashMap<>();
        for (VoucherKey k : keys) {
            views.put(k, node.find(k, 0).orElseThrow());
        }
        Instant last = views.values().stream().filter(v -> v.state().isFinal()).map(VoucherView::updated)
                .max(Instant::compareTo).orElse(Instant.now());
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        List<Long> latencies = new ArrayList<>();
        int ok = 0;
        for (VoucherKey k : keys) {
            VoucherView v = views.get(k);
            byStatus.merge(v.status(), 1, Integer::sum);
            // Round-tripped means paid in full: a 回单 that paid part or nothing is status 12 too, not a success.
            if (v.state() == org.jinku.api.VoucherState.CONFIRMED) {
                ok++;
                latencies.add(Duration.between(v.created(), v.updated()).toMillis());
            }
        }
        Collections.sort(latencies);
        return new Result(count, byStatus, ok, count - ok, Duration.between(start, last), latencies);
    }

    /** Sent vouchers that reached an end: receipt back, or refused at 接收 or 签收, or returned. */
    private static long ended(Node node) {
        long n = 0;
        for (Map.Entry<DeliveryStatus, Long> e : node.statusCounts().entrySet()) {
            switch (e.getKey()) {
                case RECEIPT_BACK, RECEIVE_FAILED, REFUSED, RETURNED -> n += e.getValue();
                default -> {
                }
            }
        }
        return n;
    }

    static void printCounts(Result r, PrintStream out) {
        out.println("status  count  meaning");
        for (Map.Entry<DeliveryStatus, Integer> e : r.byStatus().entrySet()) {
            out.printf("%6d  %5d  %s%n", e.getKey().code(), e.getValue(), e.getKey().text());
        }
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }

    /**
     * The box's operator PINs of a node ({@code pin.<userId>} in its configuration), read through configuration
     * admin when running in OSGi; none elsewhere.
     */
    static Function<String, String> boxPins(String node) {
        Bundle bundle = FrameworkUtil.getBundle(RoundTrip.class);
        BundleContext ctx = bundle == null ? null : bundle.getBundleContext();
        if (ctx == null) {
            return user -> null;
        }
        ServiceReference<ConfigurationAdmin> ref = ctx.getServiceReference(ConfigurationAdmin.class);
        if (ref == null) {
            return user -> null;
        }
        try {
            ConfigurationAdmin admin = ctx.getService(ref);
            return admin == null ? user -> null : Operators.boxPins(admin, node);
        } finally {
            ctx.ungetService(ref);
        }
    }

    private static String userWith(Node node, Post post, String not) {
        for (UserInfo u : node.users()) {
            if (u.posts().contains(post) && !u.userId().equals(not)) {
                return u.userId();
            }
        }
        throw new IllegalStateException("node " + node.name() + " has no operator for post " + post
                + (not == null ? "" : " other than " + not) + "; set 'users' in its configuration");
    }
}
