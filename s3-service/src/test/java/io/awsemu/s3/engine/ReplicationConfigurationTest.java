package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.s3.engine.ReplicationConfiguration.Rule;
import io.awsemu.s3.engine.ReplicationConfiguration.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replication rules: validation as S3 does it, and which destination (and storage class) a version gets. */
class ReplicationConfigurationTest {
    static Rule v2(String id, int priority, String prefix, Map<String, String> tags, String dest, String cls, boolean markers) {
        return new Rule(id, priority, true, false, prefix, tags, dest, cls, markers);
    }

    static Rule v1(String id, String prefix, String dest) {
        return new Rule(id, null, true, true, prefix, Map.of(), dest, null, null);
    }

    static ReplicationConfiguration config(Rule... rules) {
        return new ReplicationConfiguration("arn:aws:iam::1:role/r", List.of(rules));
    }

    static AwsException refused(Runnable r) {
        return assertThrows(AwsException.class, r::run);
    }

    @Test
    void theHighestPriorityMatchingRuleDecidesPerDestination() {
        ReplicationConfiguration c = config(
                v2("all", 1, "", Map.of(), "dst", null, false),
                v2("docs", 3, "docs/", Map.of(), "dst", "STANDARD_IA", true),
                v2("gold", 7, "docs/", Map.of("tier", "gold"), "dst", "GLACIER", false),
                v2("elsewhere", 2, "docs/", Map.of(), "other", null, true),
                new Rule("off", 9, false, false, "", Map.of(), "dst", "DEEP_ARCHIVE", true));
        assertEquals(List.of(new Target("dst", null)), c.targets("x", Map.of()));
        assertEquals(List.of(new Target("dst", "STANDARD_IA"), new Target("other", null)), c.targets("docs/a", Map.of()));
        assertEquals(List.of(new Target("dst", "GLACIER"), new Target("other", null)),
                c.targets("docs/a", Map.of("tier", "gold", "x", "y")));
        assertEquals(List.of(new Target("dst", "STANDARD_IA"), new Target("other", null)),
                c.targets("docs/a", Map.of("tier", "silver")));
        assertTrue(c.filtersByTags());
        // delete markers: the deciding rule's DeleteMarkerReplication (tag rules never match a marker)
        assertEquals(List.of(), c.deleteMarkerTargets("x"));
        assertEquals(List.of(new Target("dst", null), new Target("other", null)), c.deleteMarkerTargets("docs/a"));
    }

    @Test
    void disabledRulesReplicateNothing() {
        ReplicationConfiguration c = config(new Rule("off", 1, false, false, "", Map.of(), "dst", null, true));
        assertEquals(List.of(), c.targets("k", Map.of()));
        assertEquals(List.of(), c.deleteMarkerTargets("k"));
        assertFalse(c.filtersByTags());
    }

    @Test
    void v1RulesAlwaysReplicateDeleteMarkersToTheirOneDestination() {
        ReplicationConfiguration c = config(v1("a", "a/", "dst"), v1("b", "b/", "dst"));
        assertEquals(List.of(new Target("dst", null)), c.targets("a/x", Map.of()));
        assertEquals(List.of(new Target("dst", null)), c.deleteMarkerTargets("b/x"));
        assertEquals(List.of(), c.targets("c/x", Map.of()));
        AwsException e = refused(() -> config(v1("a", "a/", "dst"), v1("b", "b/", "dst2")));
        assertEquals("InvalidRequest", e.code());
        assertEquals("Number of distinct destination bucket ARNs cannot exceed 1", e.getMessage());
        e = refused(() -> config(v1("a", "a/", "dst"), v1("b", "a/b", "dst")));
        assertEquals("InvalidRequest", e.code());
        assertTrue(e.getMessage().startsWith("Found overlapping prefixes 'a/' and 'a/b'"), e.getMessage());
    }

    @Test
    void rulesAreValidatedAsS3Does() {
        AwsException e = refused(() -> config(v2("x", 1, "", Map.of(), "d", null, false), v2("x", 2, "", Map.of(), "d", null, false)));
        assertEquals("InvalidArgument", e.code());
        assertEquals("Rule Id must be unique.", e.getMessage());
        e = refused(() -> config(v2("x", 1, "", Map.of(), "d", null, false), v2("y", 1, "", Map.of(), "d", null, false)));
        assertEquals("InvalidRequest", e.code());
        assertEquals("Found duplicate priority 1.", e.getMessage());
        e = refused(() -> config(new Rule("x", null, true, false, "", Map.of(), "d", null, false)));
        assertEquals("InvalidRequest", e.code());
        assertTrue(e.getMessage().startsWith("Priority must be specified"), e.getMessage());
        e = refused(() -> config(new Rule("x", 1, true, false, "", Map.of(), "d", null, null)));
        assertTrue(e.getMessage().startsWith("DeleteMarkerReplication must be specified"), e.getMessage());
        e = refused(() -> config(v2("x", 1, "", Map.of("k", "v"), "d", null, true)));
        assertTrue(e.getMessage().startsWith("Delete marker replication is not supported if any Tag filter"), e.getMessage());
        e = refused(() -> config(v2("x", -1, "", Map.of(), "d", null, false)));
        assertEquals("InvalidRequest", e.code());
        e = refused(() -> config(v2("x".repeat(256), 1, "", Map.of(), "d", null, false)));
        assertEquals("InvalidArgument", e.code());
        assertEquals("MalformedXML", refused(() -> config()).code());
        assertEquals("MalformedXML", refused(() -> new ReplicationConfiguration(null,
                List.of(v2("x", 1, "", Map.of(), "d", null, false)))).code());
        List<Rule> many = new ArrayList<>();
        for (int i = 0; i <= ReplicationConfiguration.MAX_RULES; i++) many.add(v2("r" + i, i, "", Map.of(), "d", null, false));
        assertEquals("InvalidRequest", refused(() -> new ReplicationConfiguration("r", many)).code());
        assertEquals(List.of("d"), new ReplicationConfiguration("r", many.subList(0, 1000)).destinations());
    }
}
