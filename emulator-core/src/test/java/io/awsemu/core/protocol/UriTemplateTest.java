package io.awsemu.core.protocol;

import io.awsemu.core.protocol.restxml.UriTemplate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class UriTemplateTest {
    @Test
    void labelsGreedyAndQueryKeys() {
        UriTemplate obj = new UriTemplate("/{Bucket}/{Key+}");
        assertEquals(Map.of("Bucket", "b", "Key", "a/b c/d.txt"), obj.match("/b/a/b%20c/d.txt", Map.of()));
        assertEquals(Map.of("Bucket", "b", "Key", "dir/"), obj.match("/b/dir/", Map.of()));
        assertNull(obj.match("/b", Map.of()));

        UriTemplate tagging = new UriTemplate("/{Bucket}?tagging");
        assertNull(tagging.match("/b", Map.of()));
        assertEquals(Map.of("Bucket", "b"), tagging.match("/b", Map.of("tagging", List.of(""))));
        assertTrue(tagging.specificity() > new UriTemplate("/{Bucket}").specificity());

        UriTemplate tag = new UriTemplate("/2020-05-31/tagging?Operation=Tag");
        assertNotNull(tag.match("/2020-05-31/tagging", Map.of("Operation", List.of("Tag"))));
        assertNull(tag.match("/2020-05-31/tagging", Map.of("Operation", List.of("Untag"))));

        UriTemplate cfg = new UriTemplate("/2020-05-31/distribution/{Id}/config");
        assertEquals(Map.of("Id", "E1"), cfg.match("/2020-05-31/distribution/E1/config", Map.of()));
        assertNull(cfg.match("/2020-05-31/distribution/E1", Map.of()));
        assertNull(cfg.match("/2020-05-31/distribution//config", Map.of()));
    }
}
