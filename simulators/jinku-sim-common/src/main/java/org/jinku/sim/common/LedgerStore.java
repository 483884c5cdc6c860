package org.jinku.sim.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A simulator's books, one JSON file per node ({@code <dir>/<node>.json}), written atomically (a temporary
 * file forced to disk, then moved over the old one) after every change, so a restart or a crash loses
 * nothing and never leaves half a file. State classes are plain objects with public fields; amounts are
 * {@link BigDecimal}s written as strings ("1234.50").
 */
public final class LedgerStore {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final Path dir;
    private final ObjectMapper json;

    public LedgerStore(Path dir) {
        this.dir = dir;
        this.json = mapper();
    }

    /**
     * The directory a simulator configuration names: empty means {@code ${karaf.data}/jinku/sim};
     * {@code ${karaf.data}} inside a configured path is replaced as well.
     */
    public static Path resolve(String configured) {
        String data = System.getProperty("karaf.data", "data");
        if (configured == null || configured.isBlank()) {
            return Paths.get(data, "jinku", "sim");
        }
        return Paths.get(configured.trim().replace("${karaf.data}", data));
    }

    public static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        m.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        m.enable(SerializationFeature.INDENT_OUTPUT);
        m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        m.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY);
        return m;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String node) {
        if (!SAFE.matcher(node).matches()) {
            throw new IllegalArgumentException("node name '" + node + "' cannot name a ledger file");
        }
        return dir.resolve(node + ".json");
    }

    /** The node's books as last saved, or null when it has none yet. */
    public <T> T load(String node, Class<T> type) {
        Path f = file(node);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return json.readValue(f.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator ledger " + f + ": " + e.getMessage(), e);
        }
    }

    /** Writes the node's books: the old file stays whole until the new one is complete on disk. */
    public synchronized void save(String node, Object state) {
        Path f = file(node);
        Path tmp = dir.resolve(node + ".json.tmp");
        try {
            Files.createDirectories(dir);
            byte[] bytes = json.writeValueAsBytes(state);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(bytes);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write simulator ledger " + f + ": " + e.getMessage(), e);
        }
    }

    /** Names of the nodes whose ledger file says it belongs to {@code adapterId} (field {@code adapter}). */
    public List<String> nodes(String adapterId) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : files) {
                try {
                    JsonNode n = json.readTree(p.toFile());
                    if (adapterId.equals(n.path("adapter").asText())) {
                        String name = p.getFileName().toString();
                        out.add(name.substring(0, name.length() - ".json".length()));
                    }
                } catch (IOException e) {
                    // not a ledger of ours
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /** The state as a tree of maps, lists and strings (amounts as "0.00" strings), for REST and the shell. */
    public Map<String, Object> view(Object state) {
        return json.convertValue(state, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
