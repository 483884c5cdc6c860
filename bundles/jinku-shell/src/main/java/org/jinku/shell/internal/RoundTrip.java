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

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Node;
import org.jinku.api.Post;
import org.jinku.api.UserInfo;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;
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

    static Result run(Node node, String admDivCode, int count, int lines, int threads, Duration timeout,
                      PrintStream out) throws Exception {
        String entry = userWith(node, Post.ENTRY, null);
        String review = userWith(node, Post.REVIEW, entry);
        String prefix = "D" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        String year = today.substring(0, 4);
        List<VoucherKey> keys = Collections.synchronizedList(new ArrayList<>());
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
                    node.sign(k, entry);
                    node.sign(k, review);
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

        Instant deadline = Instant.now().plus(timeout);
        List<VoucherKey> pending = new ArrayList<>(keys);
        Map<VoucherKey, VoucherView> ended = new java.util.HashMap<>();
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            List<VoucherKey> still = new ArrayList<>();
            for (VoucherKey k : pending) {
                VoucherView v = node.find(k, 0).orElseThrow();
                if (v.state().isFinal()) {
                    ended.put(k, v);
                } else {
                    still.add(k);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                Thread.sleep(100);
            }
        }
        Instant last = ended.values().stream().map(VoucherView::updated).max(Instant::compareTo).orElse(Instant.now());
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        List<Long> latencies = new ArrayList<>();
        int ok = 0;
        for (VoucherKey k : keys) {
            VoucherView v = ended.containsKey(k) ? ended.get(k) : node.find(k, 0).orElseThrow();
            byStatus.merge(v.status(), 1, Integer::sum);
            if (v.status() == DeliveryStatus.RECEIPT_BACK) {
                ok++;
                latencies.add(Duration.between(v.created(), v.updated()).toMillis());
            }
        }
        Collections.sort(latencies);
        return new Result(count, byStatus, ok, count - ok, Duration.between(start, last), latencies);
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
