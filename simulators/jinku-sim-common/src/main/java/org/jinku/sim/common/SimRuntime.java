package org.jinku.sim.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.Node;

/**
 * The moving parts of one simulator: its clock, the threads that answer later (fault delay, silence,
 * notice delay), a periodic tick for daily jobs and pending work, the faults in force, and the nodes it
 * has seen. Without {@link #start} (unit tests) later work waits in a queue that {@link #runDue} runs.
 */
public final class SimRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(SimRuntime.class);

    private final String adapterId;
    private volatile Clock clock;
    private volatile ScheduledExecutorService exec;
    private final List<Task> queued = new ArrayList<>();
    private final Map<String, Node> seen = new ConcurrentHashMap<>();
    private volatile NodeLookup lookup = NodeLookup.NONE;
    private volatile Faults faults = Faults.NONE;
    private volatile Instant silentUntil = Instant.MIN;
    private boolean faultsSet;

    private record Task(Instant at, long seq, String what, Runnable work) {
    }

    private long taskSeq;

    public SimRuntime(String adapterId, Clock clock) {
        this.adapterId = adapterId;
        this.clock = clock;
    }

    public String adapterId() {
        return adapterId;
    }

    public Clock clock() {
        return clock;
    }

    public void clock(Clock c) {
        clock = c;
    }

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public LocalDateTime localNow() {
        return LocalDateTime.now(clock);
    }

    /** Starts the threads: later work runs on them, and {@code tick} every {@code tickMillis}. */
    public synchronized void start(long tickMillis, Runnable tick) {
        if (exec != null) {
            return;
        }
        exec = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "jinku-" + adapterId);
            t.setDaemon(true);
            return t;
        });
        exec.scheduleWithFixedDelay(() -> guarded("tick", tick), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        for (Task t : queued) {
            schedule(t);
        }
        queued.clear();
    }

    public synchronized void stop() {
        if (exec != null) {
            exec.shutdownNow();
            try {
                exec.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exec = null;
        }
    }

    public void lookup(NodeLookup l) {
        lookup = l == null ? NodeLookup.NONE : l;
    }

    /** Remembers a node a callback named (tests, and before the registry knows it). */
    public void seen(Node node) {
        seen.put(node.name(), node);
    }

    /** Runs {@code work} with the named node: the registered service, else the one last seen in a callback. */
    public <T> Optional<T> withNode(String name, Function<Node, T> work) {
        Optional<T> r = lookup.with(name, work);
        if (r.isPresent()) {
            return r;
        }
        Node n = seen.get(name);
        return n == null ? Optional.empty() : Optional.ofNullable(work.apply(n));
    }

    /**
     * Puts new faults in force. Silence starts when {@code fault.silent.seconds} is set or changed (not when
     * another setting changes), and lasts that many seconds from then.
     */
    public synchronized void faults(Faults f) {
        if (!faultsSet || f.silentSeconds() != faults.silentSeconds()) {
            silentUntil = f.silentSeconds() > 0 ? now().plusSeconds(f.silentSeconds()) : Instant.MIN;
            if (f.silentSeconds() > 0) {
                LOG.info("{}: silent for {} s, until {}", adapterId, f.silentSeconds(), silentUntil);
            }
        }
        faults = f;
        faultsSet = true;
    }

    public Faults faults() {
        return faults;
    }

    public boolean silent() {
        return now().isBefore(silentUntil);
    }

    public Instant silentUntil() {
        return silentUntil;
    }

    /** When an answer may go: after the fault delay, and not before the silence ends. */
    public Instant answerAt(int extraDelaySeconds) {
        Instant at = now().plusSeconds(faults.delaySeconds() + Math.max(0, extraDelaySeconds));
        return at.isBefore(silentUntil) ? silentUntil : at;
    }

    /** Runs {@code work} at {@code at}: now on this thread when that time has come, else later. */
    public void at(Instant at, String what, Runnable work) {
        if (!at.isAfter(now())) {
            work.run();
            return;
        }
        Task t;
        synchronized (this) {
            t = new Task(at, ++taskSeq, what, work);
            if (exec == null) {
                queued.add(t);
                return;
            }
        }
        schedule(t);
    }

    private void schedule(Task t) {
        long ms = Math.max(0, Duration.between(now(), t.at()).toMillis());
        exec.schedule(() -> guarded(t.what(), t.work()), ms, TimeUnit.MILLISECONDS);
    }

    /** Tests (not started): runs the queued work whose time has come by the clock, oldest first. */
    public void runDue() {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            for (Task t : new ArrayList<>(queued)) {
                if (!t.at().isAfter(now())) {
                    due.add(t);
                    queued.remove(t);
                }
            }
        }
        due.sort(Comparator.comparing(Task::at).thenComparing(Task::seq));
        due.forEach(t -> t.work().run());
    }

    public synchronized int queued() {
        return queued.size();
    }

    private void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: {} failed: {}", adapterId, what, e.toString(), e);
        }
    }
}
