package io.awsemu.core.auth;

import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.server.EmulatorConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.awsemu.core.auth.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

class AuthModeTest {

    @Test
    void parsesModes() {
        assertEquals(AuthMode.OFF, AuthMode.parse("off"));
        assertEquals(AuthMode.KNOWN, AuthMode.parse("Known"));
        assertEquals(AuthMode.STRICT, AuthMode.parse(" strict "));
        assertThrows(IllegalArgumentException.class, () -> AuthMode.parse("lenient"));
    }

    @Test
    void credentialsFromConfigMapAccounts() {
        Credentials c = Credentials.fromConfig(EmulatorConfig.of(Map.of(
                "credentials", "test:test:000000000000, AKIA1:sec/ret+x:123456789012,plain:pw", "defaultAccount", "999999999999")));
        assertEquals(Optional.of("test"), c.secret("test"));
        assertEquals(Optional.of("sec/ret+x"), c.secret("AKIA1"));
        assertEquals("123456789012", c.accountFor("AKIA1"));
        assertEquals("999999999999", c.accountFor("plain"));
        assertEquals("555566667777", c.accountFor("555566667777"));
        assertEquals("999999999999", c.accountFor("unknownkey"));
        assertEquals("999999999999", c.accountFor(null));
        assertEquals(Optional.empty(), c.secret("nobody"));
        assertThrows(IllegalArgumentException.class, () -> Credentials.of(List.of("justakey"), "000000000000"));
    }

    @Test
    void offAcceptsBadSignaturesButKeepsAccountAndRegion() {
        Signed s = signV4(request(SdkHttpMethod.GET, "http://localhost:4566/b/k").build(), null, "s3", "ap-south-1", NOW, null);
        HttpRequestHead bad = withHeader(s.head(), "Range", "bytes=1-2");
        AuthResult r = auth(AuthMode.OFF, NOW.plusSeconds(99999)).precheck(withHeader(bad, "x-amz-content-sha256", null), "s3");
        assertEquals(AK, r.accessKeyId());
        assertEquals("111122223333", r.accountId());
        assertEquals("ap-south-1", r.region());
        assertFalse(r.verified());
        AuthResult garbage = auth(AuthMode.OFF).precheck(head("GET", "/", Headers.of("Authorization", "AWS4-HMAC-SHA256 nonsense")), "sqs");
        assertTrue(garbage.anonymous());
        assertEquals("000000000000", garbage.accountId());
    }

    @Test
    void unsignedRequests() {
        HttpRequestHead get = head("GET", "/?Action=ListQueues", Headers.of("Host", "localhost:4566"));
        assertTrue(auth(AuthMode.KNOWN).precheck(get, "sqs").anonymous());
        assertError("MissingAuthenticationToken", 403, () -> auth(AuthMode.STRICT).precheck(get, "sqs"));
        assertTrue(auth(AuthMode.STRICT).precheck(head("GET", "/bucket/key", Headers.of()), "s3").anonymous());
        assertError("InvalidClientTokenId", 403, () -> auth(AuthMode.STRICT).precheck(
                head("GET", "/?Action=ListQueues&AWSAccessKeyId=nobody&SignatureVersion=2&SignatureMethod=HmacSHA256"
                        + "&Timestamp=2024-05-01T12:00:00Z&Signature=abc", Headers.of("Host", "localhost:4566")), "sqs"));
        assertError("AuthFailure", 401, () -> auth(AuthMode.STRICT).precheck(
                head("GET", "/?Action=DescribeInstances&AWSAccessKeyId=nobody&SignatureVersion=2&SignatureMethod=HmacSHA256"
                        + "&Timestamp=2024-05-01T12:00:00Z&Signature=abc", Headers.of("Host", "localhost:4566")), "ec2"));
    }

    @Test
    void scopeServiceForRouting() {
        assertEquals(Optional.of("sqs"), Authenticator.scopeService(head("POST", "/", Headers.of("Authorization",
                "AWS4-HMAC-SHA256 Credential=AK/20240501/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=ab"))));
        assertEquals(Optional.of("s3"), Authenticator.scopeService(head("GET",
                "/b/k?X-Amz-Credential=AK%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=x", Headers.of())));
        assertEquals(Optional.empty(), Authenticator.scopeService(head("GET", "/", Headers.of("Authorization", "AWS a:b"))));
    }

    @Test
    void uriEncodingFollowsAwsRules() {
        assertEquals("a%20b%2Bc~d-e_f.g%2A%2F%C3%A9", Signing.uriEncode("a b+c~d-e_f.g*/\u00e9", false));
        assertEquals("/a%20b/c", Signing.uriEncode("/a b/c", true));
        assertEquals("/a/c/", Signing.removeDotSegments("/a/b/../c/./"));
        assertEquals("a b", Signing.collapse("  a \t  b  "));
        assertEquals("a=1&a=2&b=&c=%2B", Signing.canonicalQuery(HttpRequestHead.decodeQuery("c=+&a=2&b&a=1", false), null));
    }
}
