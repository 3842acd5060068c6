package io.awsemu;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/compatibility/&lt;service&gt;.md cannot lie: every model operation has a row, and a row says
 * supported/partial exactly when the running server has a handler bound for it. (S3 has no model;
 * its own S3CompatibilityDocTest checks its table against its route table.)
 */
class CompatibilityDocsIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().build();

    static final Map<String, String> DOCS = Map.of(
            "sqs", "sqs.md", "ec2", "ec2.md", "sdb", "simpledb.md", "rds", "rds.md", "cloudfront", "cloudfront.md");

    @Test
    void everyModelOperationHasATrueRow() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : DOCS.entrySet()) {
            Path doc = Path.of("..", "docs", "compatibility", e.getValue());
            assertTrue(Files.exists(doc), doc + " is missing");
            Map<String, String> rows = operationRows(Files.readString(doc));
            Set<String> model = emu.server().modelOperations(e.getKey());
            Set<String> bound = emu.server().boundOperations(e.getKey());
            assertTrue(model.size() > 5, e.getKey() + " model not loaded");
            for (String op : new TreeSet<>(model)) {
                String status = rows.get(op);
                if (status == null) {
                    problems.add(e.getValue() + ": no row for " + op);
                } else if (bound.contains(op) != (status.equals("supported") || status.equals("partial"))) {
                    problems.add(e.getValue() + ": " + op + " says '" + status + "' but is "
                            + (bound.contains(op) ? "bound" : "not bound"));
                }
            }
            for (String op : rows.keySet()) {
                if (!model.contains(op)) problems.add(e.getValue() + ": row for " + op + ", which the model does not have");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Rows of the first table whose header starts with "| operation | status |". */
    static Map<String, String> operationRows(String md) {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean in = false;
        for (String line : md.split("\n")) {
            String t = line.trim();
            if (!in) {
                in = t.toLowerCase().startsWith("| operation | status |");
                continue;
            }
            if (!t.startsWith("|")) {
                if (!rows.isEmpty()) break;
                continue;
            }
            String[] cells = t.split("\\|");
            if (cells.length < 3 || cells[1].trim().startsWith("---")) continue;
            rows.put(cells[1].trim().replace("`", ""), cells[2].trim().replace("`", "").toLowerCase());
        }
        return rows;
    }
}
