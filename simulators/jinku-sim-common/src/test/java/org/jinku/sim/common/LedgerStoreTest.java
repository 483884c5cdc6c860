package org.jinku.sim.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerStoreTest {

    public static class State extends LedgerState {
        public Map<String, BigDecimal> amounts = new TreeMap<>();
    }

    @TempDir
    Path dir;

    @Test
    void savesAtomicallyAndReadsBackExactAmounts() throws Exception {
        LedgerStore store = new LedgerStore(dir.resolve("sim"));
        Books<State> books = new Books<>("sim-x", State.class, State::new, store);
        State s = books.get("bank105");
        synchronized (s) {
            s.amounts.put("a", new BigDecimal("100000000.00"));
            s.amounts.put("b", new BigDecimal("0.10"));
            s.nextSeq();
            books.save("bank105");
        }
        assertFalse(Files.exists(dir.resolve("sim/bank105.json.tmp")));
        String text = Files.readString(dir.resolve("sim/bank105.json"));
        assertTrue(text.contains("\"100000000.00\""), text);

        Books<State> again = new Books<>("sim-x", State.class, State::new, new LedgerStore(dir.resolve("sim")));
        State r = again.get("bank105");
        assertEquals(new BigDecimal("0.10"), r.amounts.get("b"));
        assertEquals(1, r.seq);
        assertEquals(List.of("bank105"), List.copyOf(again.nodes()));
        assertEquals(List.of(), store.nodes("sim-other"));
        Map<String, Object> view = again.view("bank105");
        assertEquals("100000000.00", ((Map<?, ?>) view.get("amounts")).get("a"));
        assertEquals("sim-x", view.get("adapter"));
    }

    @Test
    void aNodeWithoutBooksHasNone() {
        assertNull(new LedgerStore(dir).load("unit", State.class));
    }

    @Test
    void theDefaultDirectoryIsUnderKarafData() {
        String old = System.getProperty("karaf.data");
        System.setProperty("karaf.data", "/x/data");
        try {
            assertEquals(Path.of("/x/data/jinku/sim"), LedgerStore.resolve(""));
            assertEquals(Path.of("/x/data/books"), LedgerStore.resolve("${karaf.data}/books"));
        } finally {
            if (old == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", old);
            }
        }
    }
}
