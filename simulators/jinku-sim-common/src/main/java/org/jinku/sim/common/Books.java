package org.jinku.sim.common;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The books of every node one simulator serves (one adapter instance serves several nodes): loaded from
 * the node's ledger file the first time, kept in memory, saved after each change. Callers hold the state
 * object's monitor while they read or change it.
 */
public final class Books<S extends LedgerState> {

    private final String adapterId;
    private final Class<S> type;
    private final Supplier<S> fresh;
    private final Map<String, S> open = new ConcurrentHashMap<>();
    private volatile LedgerStore store;
    /** Nodes with a ledger file of this adapter, read once per directory (new books are open ones). */
    private volatile Set<String> onDisk;

    public Books(String adapterId, Class<S> type, Supplier<S> fresh, LedgerStore store) {
        this.adapterId = adapterId;
        this.type = type;
        this.fresh = fresh;
        this.store = store;
    }

    /** Points at another directory (a configuration change): books are read again from there. */
    public void store(LedgerStore s) {
        if (!s.dir().equals(store.dir())) {
            store = s;
            open.clear();
            onDisk = null;
        }
    }

    public LedgerStore store() {
        return store;
    }

    public S get(String node) {
        return open.computeIfAbsent(node, n -> {
            S s = store.load(n, type);
            if (s == null) {
                s = fresh.get();
            }
            s.adapter = adapterId;
            s.node = n;
            return s;
        });
    }

    /** Writes the node's books to its file (call with the state's monitor held, right after the change). */
    public void save(String node) {
        S s = get(node);
        synchronized (s) {
            s.changes++;
            store.save(node, s);
        }
    }

    /** Nodes with books: open here, or with a ledger file of this adapter. */
    public Set<String> nodes() {
        Set<String> disk = onDisk;
        if (disk == null) {
            disk = Set.copyOf(store.nodes(adapterId));
            onDisk = disk;
        }
        Set<String> out = new TreeSet<>(open.keySet());
        out.addAll(disk);
        return out;
    }

    public Map<String, Object> view(String node) {
        S s = get(node);
        synchronized (s) {
            return store.view(s);
        }
    }
}
