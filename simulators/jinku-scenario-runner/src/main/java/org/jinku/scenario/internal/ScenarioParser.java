package org.jinku.scenario.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a scenario file (YAML, with Jackson's YAML data format) and checks it against the step vocabulary:
 * every problem is reported with the file, the line and the step, before anything runs.
 *
 * <pre>
 * scenario: 直接支付 paid and notified
 * tags: [flow, direct]
 * steps:
 *   - id: pay
 *     submit: {as: finance, voucher: "5201", fields: {PayBankCode: "105"}}
 *   - expect-status: {at: finance, voucher: pay, status: 12, within: 30s}
 * </pre>
 */
final class ScenarioParser {

    /** Kinds whose argument may be a single scalar, and which argument that scalar is. */
    private static final Map<StepKind, String> SCALAR = Map.of(StepKind.RESTART, "node",
            StepKind.CHECK_LEDGERS, "vouchers", StepKind.HISTORY_INTACT, "voucher");
    private static final Set<String> TOP = Set.of("scenario", "tags", "steps", "description");
    private static final long MAX_BYTES = 1024 * 1024;

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    Scenario parse(Path path, String shownAs) throws BrokenScenarioException {
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new BrokenScenarioException(shownAs, 1, "file is larger than 1 MB");
            }
        } catch (IOException e) {
            throw new BrokenScenarioException(shownAs, 0, "cannot be read: " + e.getMessage());
        }
        try (JsonParser p = yaml.getFactory().createParser(path.toFile())) {
            return read(p, shownAs);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BrokenScenarioException(shownAs, line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BrokenScenarioException(shownAs, 0, "cannot be read: " + e.getMessage());
        }
    }

    private Scenario read(JsonParser p, String file) throws IOException, BrokenScenarioException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new BrokenScenarioException(file, line(p), "a scenario is a mapping with 'scenario', 'tags' and 'steps'");
        }
        String name = null;
        List<String> tags = new ArrayList<>();
        List<Scenario.Step> steps = null;
        int nameLine = line(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int at = line(p);
            p.nextToken();
            if (!TOP.contains(field)) {
                throw new BrokenScenarioException(file, at, "unknown key '" + field + "'; a scenario has " + TOP);
            }
            switch (field) {
                case "scenario" -> {
                    JsonNode n = p.readValueAsTree();
                    if (n == null || !n.isValueNode() || n.asText().isBlank()) {
                        throw new BrokenScenarioException(file, at, "'scenario' is the scenario's name, a text");
                    }
                    name = n.asText().trim();
                }
                case "tags" -> {
                    JsonNode n = p.readValueAsTree();
                    if (n == null || !n.isArray()) {
                        throw new BrokenScenarioException(file, at, "'tags' is a list, e.g. [flow, direct]");
                    }
                    n.forEach(t -> tags.add(t.asText()));
                }
                case "steps" -> steps = steps(p, file, at);
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw new BrokenScenarioException(file, nameLine, "no 'scenario:' name");
        }
        if (steps == null || steps.isEmpty()) {
            throw new BrokenScenarioException(file, nameLine, "scenario '" + name + "' has no steps");
        }
        return new Scenario(name, file, tags, steps);
    }

    private List<Scenario.Step> steps(JsonParser p, String file, int at) throws IOException, BrokenScenarioException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BrokenScenarioException(file, at, "'steps' is a list of steps, each '- <kind>: {…}'");
        }
        List<Scenario.Step> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int line = line(p);
            JsonNode item = p.readValueAsTree();
            out.add(step(item, file, line, out.size() + 1, ids));
        }
        return out;
    }

    private static Scenario.Step step(JsonNode item, String file, int line, int n, Set<String> ids)
            throws BrokenScenarioException {
        String where = "step " + n;
        if (item == null || !item.isObject()) {
            throw new BrokenScenarioException(file, line, where + " is not a mapping; write '- <kind>: {…}' with a kind"
                    + " of: " + StepKind.words());
        }
        String id = null;
        StepKind kind = null;
        JsonNode args = null;
        for (var it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("id")) {
                id = f.getValue().asText();
                continue;
            }
            if (f.getKey().equals("note")) {
                continue;
            }
            StepKind k = StepKind.of(f.getKey()).orElse(null);
            if (k == null) {
                throw new BrokenScenarioException(file, line, where + ": unknown step kind '" + f.getKey()
                        + "'; the kinds are: " + StepKind.words());
            }
            if (kind != null) {
                throw new BrokenScenarioException(file, line, where + " has two kinds, '" + kind.word + "' and '"
                        + k.word + "'; one step does one thing");
            }
            kind = k;
            args = f.getValue();
        }
        if (kind == null) {
            throw new BrokenScenarioException(file, line, where + " has no kind; the kinds are: " + StepKind.words());
        }
        where = where + " (" + kind.word + (id == null ? "" : " '" + id + "'") + ")";
        if (id != null && !id.matches("[A-Za-z][A-Za-z0-9_-]{0,39}")) {
            throw new BrokenScenarioException(file, line, where + ": id '" + id + "' must be a word (letters, digits,"
                    + " _ and -, starting with a letter)");
        }
        if (id != null && !ids.add(id)) {
            throw new BrokenScenarioException(file, line, where + ": id '" + id + "' is used by an earlier step");
        }
        if (args != null && (args.isValueNode() || args.isArray()) && SCALAR.containsKey(kind)) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.set(SCALAR.get(kind), args);
            args = o;
        }
        if (args == null || args.isNull()) {
            args = JsonNodeFactory.instance.objectNode();
        }
        if (!args.isObject()) {
            throw new BrokenScenarioException(file, line, where + ": its arguments are a mapping of " + kind.args);
        }
        for (var it = args.fieldNames(); it.hasNext(); ) {
            String a = it.next();
            if (!kind.args.contains(a)) {
                throw new BrokenScenarioException(file, line, where + ": unknown argument '" + a + "'; it takes "
                        + new java.util.TreeSet<>(kind.args));
            }
        }
        // YAML reads 000000 as the number 0: a PIN written unquoted would not be the PIN meant.
        if (args.has("pin") && !args.get("pin").isTextual()) {
            throw new BrokenScenarioException(file, line, where + ": 'pin' is text; quote it, e.g. pin: \"000000\"");
        }
        for (String required : Required.of(kind)) {
            if (!args.has(required)) {
                throw new BrokenScenarioException(file, line, where + ": '" + required + "' is required");
            }
        }
        return new Scenario.Step(id == null ? "step" + n : id, kind, line, args);
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** The arguments without which a kind cannot run. */
    private static final class Required {
        static List<String> of(StepKind k) {
            return switch (k) {
                case SUBMIT -> List.of("as");
                case RESUBMIT, SIGN, VOID, RESEND, ACCEPT, REFUSE, RETURN -> List.of("as", "voucher");
                case COMMAND -> List.of("at", "run");
                case EXPECT_STATUS -> List.of("at", "voucher", "status");
                case EXPECT_VOUCHER -> List.of("at", "type");
                case EXPECT_RECEIPT -> List.of("at", "voucher");
                case EXPECT_REFUSAL -> List.of("at", "voucher", "code");
                case EXPECT_EVENT -> List.of("at", "voucher", "event");
                case FAULT -> List.of("party");
                case CUT, RESTORE -> List.of("between");
                case RESTART -> List.of("node");
                case CHECK_LEDGERS, HISTORY_INTACT -> List.of();
            };
        }
    }
}
