package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation and matching of tags, CORS rules, website rules and lifecycle rules, without any wire. */
class BucketConfigModelsTest {

    static String code(Runnable r) {
        return assertThrows(AwsException.class, r::run).code();
    }

    @Test
    void tagsAreValidatedAsAws() {
        assertEquals("InvalidTag", code(() -> Tags.validate(List.of(new Tags.Tag("a", "1"), new Tags.Tag("a", "2")), true)));
        assertEquals("InvalidTag", code(() -> Tags.validate(List.of(new Tags.Tag("aws:x", "1")), false)));
        assertEquals("InvalidTag", code(() -> Tags.validate(List.of(new Tags.Tag("a", "<script>")), false)));
        assertEquals(Map.of("a b", "c+d/é"), Tags.validate(List.of(new Tags.Tag("a b", "c+d/é")), true));
        assertEquals(Map.of("k", "v w", "e", ""), Tags.fromHeader("k=v+w&e"));
        Map<String, String> odd = Map.of("a&b=c", "d e+f");
        assertEquals(odd, Tags.decode(Tags.encode(odd)));
    }

    static CorsConfiguration.Rule cors(List<String> origins, List<String> methods, List<String> headers) {
        return new CorsConfiguration.Rule(null, origins, methods, headers, List.of(), null);
    }

    @Test
    void corsMatchesOriginMethodAndHeadersWithOneWildcard() {
        CorsConfiguration c = new CorsConfiguration(List.of(
                cors(List.of("http://*.example.com"), List.of("GET"), List.of("x-amz-*")),
                cors(List.of("*"), List.of("HEAD"), List.of())));
        assertTrue(c.match("http://a.example.com", "GET", List.of("x-amz-date")) == c.rules().get(0));
        assertNull(c.match("http://a.example.com", "GET", List.of("authorization")));
        assertNull(c.match("https://a.example.com", "GET", List.of()));
        assertEquals("*", c.match("http://anything", "HEAD", List.of()).allowOriginFor("http://anything"));
        assertEquals("InvalidRequest", code(() -> new CorsConfiguration(List.of(cors(List.of("*"), List.of("PATCH"), List.of())))));
        assertEquals("InvalidRequest", code(() -> new CorsConfiguration(List.of(cors(List.of("*.*"), List.of("GET"), List.of())))));
        assertEquals("MalformedXML", code(() -> new CorsConfiguration(List.of())));
    }

    @Test
    void websiteRulesRewriteKeys() {
        WebsiteConfiguration.RoutingRule prefix = new WebsiteConfiguration.RoutingRule("docs/", null,
                new WebsiteConfiguration.Redirect(null, "302", null, "documents/", null));
        assertTrue(prefix.matchesRequest("docs/a.html"));
        assertFalse(prefix.matchesRequest("doc/a.html"));
        assertEquals("http://h/documents/a.html", prefix.location("docs/a.html", "h", "http"));
        assertEquals(302, prefix.status());
        WebsiteConfiguration.RoutingRule onError = new WebsiteConfiguration.RoutingRule(null, "404",
                new WebsiteConfiguration.Redirect("other.example", null, "https", null, "404.html"));
        assertFalse(onError.matchesRequest("x"));
        assertTrue(onError.matchesError("x", 404));
        assertFalse(onError.matchesError("x", 403));
        assertEquals("https://other.example/404.html", onError.location("x", "h", "http"));
        assertEquals(301, onError.status());
        assertEquals("InvalidArgument", code(() -> new WebsiteConfiguration(null, "e.html", null, List.of())));
    }

    static LifecycleConfiguration transition(boolean noncurrent, int days, String storageClass) {
        return new LifecycleConfiguration(List.of(new LifecycleConfiguration.Rule("t", true,
                LifecycleConfiguration.Filter.ALL, null, null, null, null, null, null,
                List.of(new LifecycleConfiguration.Transition(noncurrent, days, null, storageClass, null)))));
    }

    @Test
    void lifecycleValidationAndExpiryInstants() {
        LifecycleConfiguration.Rule days = new LifecycleConfiguration.Rule("a", true, LifecycleConfiguration.Filter.ALL,
                1, null, null, null, null, null, List.of());
        assertEquals(Instant.parse("2026-01-03T00:00:00Z"), days.expiresAt(Instant.parse("2026-01-01T10:00:00Z")));
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), days.expiresAt(Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals("InvalidArgument", code(() -> new LifecycleConfiguration(List.of(days, days))));
        assertEquals("InvalidArgument", code(() -> new LifecycleConfiguration(List.of(new LifecycleConfiguration.Rule(
                "z", true, LifecycleConfiguration.Filter.ALL, -1, null, null, null, null, null, List.of())))));
        assertEquals("InvalidRequest", code(() -> new LifecycleConfiguration(List.of(new LifecycleConfiguration.Rule(
                "t", true, new LifecycleConfiguration.Filter(null, Map.of("k", "v"), null, null), null, null, null, null,
                null, 3, List.of())))));
        // transitions: a known class past STANDARD; nonnegative days, 30 or more to the infrequent-access classes
        assertEquals("InvalidArgument", code(() -> transition(false, 29, "STANDARD_IA")));
        assertEquals("InvalidArgument", code(() -> transition(true, 10, "ONEZONE_IA")));
        assertEquals("InvalidArgument", code(() -> transition(false, -1, "GLACIER")));
        assertEquals("MalformedXML", code(() -> transition(false, 1, "STANDARD")));
        assertEquals("MalformedXML", code(() -> transition(false, 1, "COLD")));
        transition(false, 0, "GLACIER");
        transition(true, 30, "STANDARD_IA");
        LifecycleConfiguration.Filter f = new LifecycleConfiguration.Filter("p/", Map.of("k", "v"), 10L, 20L);
        assertTrue(f.matches("p/x", 15, Map.of("k", "v", "o", "1")));
        assertFalse(f.matches("p/x", 10, Map.of("k", "v")));
        assertFalse(f.matches("p/x", 20, Map.of("k", "v")));
        assertFalse(f.matches("p/x", 15, Map.of("k", "w")));
        assertFalse(f.matches("q/x", 15, Map.of("k", "v")));
    }
}
