package io.awsemu.s3;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WebsiteHostsTest {
    @Test
    void websiteHostsNameTheirBucket() {
        assertEquals("b", WebsiteHosts.bucket("b.s3-website.localhost", "localhost"));
        assertEquals("my.site", WebsiteHosts.bucket("my.site.s3-website-eu-west-1.localhost", "localhost"));
        assertEquals("b", WebsiteHosts.bucket("b.s3-website.us-east-2.emu.test", "emu.test"));
        assertEquals("b", WebsiteHosts.bucket("B.S3-WEBSITE-US-EAST-1.AMAZONAWS.COM", "localhost"));
        assertNull(WebsiteHosts.bucket("b.s3.localhost", "localhost"));
        assertNull(WebsiteHosts.bucket("localhost", "localhost"));
        assertNull(WebsiteHosts.bucket("b.s3-website.otherdomain", "localhost"));
    }
}
