package io.awsemu.simpledb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/compatibility/simpledb.md cannot lie: one row per model operation, in model order, each with a known status. */
class SimpleDbCompatibilityDocTest {

    @Test
    void docHasOneRowPerModelOperation() throws Exception {
        Path doc = Path.of("..", "docs", "compatibility", "simpledb.md");
        assertTrue(Files.exists(doc), doc.toAbsolutePath().toString());
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| operation |")) { inTable = true; continue; }
            if (!inTable) continue;
            if (!line.startsWith("|")) break;
            String[] cells = line.split("\\|");
            String op = cells[1].trim();
            if (op.startsWith("---")) continue;
            assertTrue(rows.put(op, cells[2].trim()) == null, "two rows for " + op);
        }
        List<String> modelOps = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/awsemu/models/sdb-2009-04-15-model.json")) {
            JsonNode model = new ObjectMapper().readTree(in);
            model.get("operations").fieldNames().forEachRemaining(modelOps::add);
        }
        assertEquals(modelOps, List.copyOf(rows.keySet()), "rows in model order");
        // all ten are bound in SimpleDbService.bind, so none may say "not yet"
        rows.forEach((op, status) -> assertTrue(Set.of("supported", "partial").contains(status), op + " says " + status));
    }
}
