package io.awsemu.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Browser POST uploads: forms signed the way AWS documents (V2: base64 HMAC-SHA1 of the policy; V4:
 * hex HMAC-SHA256 with the derived signing key), and one form built by boto3's generate_presigned_post.
 */
class S3PostObjectIT {
    static final String BUCKET = "post-bucket";
    static final String BOUNDARY = "----awsemuFormBoundaryX7z";

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder()
            .services("s3")
            .property("auth", "known")
            .property("credentials", "test:test:000000000000")
            .build();

    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static S3Client s3;

    @BeforeAll
    static void setUp() {
        s3 = S3Client.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void tearDown() {
        s3.close();
    }

    // ---------------------------------------------------------------- signing as AWS documents it

    static String policy(Instant expiration, String... conditions) {
        String json = "{\"expiration\":\"" + DateTimeFormatter.ISO_INSTANT.format(expiration) + "\",\"conditions\":["
                + String.join(",", conditions) + "]}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(String alg, byte[] key, String data) throws Exception {
        Mac m = Mac.getInstance(alg);
        m.init(new SecretKeySpec(key, alg));
        return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> v2(String policy, String secret) throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("AWSAccessKeyId", "test");
        f.put("policy", policy);
        f.put("signature", Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), policy)));
        return f;
    }

    static final String DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(Instant.now());
    static final String AMZ_DATE = DAY + "T000000Z";
    static final String CREDENTIAL = "test/" + DAY + "/us-east-1/s3/aws4_request";

    /** The V4 fields a policy must name as conditions. */
    static String[] v4Conditions(String... more) {
        List<String> c = new ArrayList<>(List.of(
                "{\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\"}",
                "{\"x-amz-credential\":\"" + CREDENTIAL + "\"}",
                "{\"x-amz-date\":\"" + AMZ_DATE + "\"}"));
        c.addAll(List.of(more));
        return c.toArray(String[]::new);
    }

    static Map<String, String> v4(String policy, String secret) throws Exception {
        byte[] k = hmac("HmacSHA256", ("AWS4" + secret).getBytes(StandardCharsets.UTF_8), DAY);
        k = hmac("HmacSHA256", k, "us-east-1");
        k = hmac("HmacSHA256", k, "s3");
        k = hmac("HmacSHA256", k, "aws4_request");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        f.put("x-amz-credential", CREDENTIAL);
        f.put("x-amz-date", AMZ_DATE);
        f.put("policy", policy);
        f.put("x-amz-signature", HexFormat.of().formatHex(hmac("HmacSHA256", k, policy)));
        return f;
    }

    static HttpResponse<String> post(Map<String, String> fields, String filename, byte[] file) throws Exception {
        return post(BUCKET, fields, filename, file);
    }

    static HttpResponse<String> post(String bucket, Map<String, String> fields, String filename, byte[] file) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (var e : fields.entrySet()) {
            o.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                    + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        o.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        o.write(file);
        o.write(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"submit\"\r\n\r\nUpload\r\n--"
                + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + "/" + bucket))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(o.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Instant inAnHour() { return Instant.now().plusSeconds(3600); }

    /** A V4-signed form for {@code bucket} with {@code fields}, each named by an eq condition of its policy. */
    static Map<String, String> signed(String bucket, Map<String, String> fields) throws Exception {
        List<String> conditions = new ArrayList<>(List.of("{\"bucket\":\"" + bucket + "\"}"));
        fields.forEach((k, v) -> conditions.add("[\"eq\",\"$" + k + "\",\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]"));
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.putAll(v4(policy(inAnHour(), v4Conditions(conditions.toArray(String[]::new))), "test"));
        return f;
    }

    static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) f.put(namesAndValues[i], namesAndValues[i + 1]);
        return f;
    }

    static void assertRefused(HttpResponse<String> r, int status, String code, String bucket, String key) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>" + code + "</Code>"), r.body());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key(key)));
    }

    static byte[] object(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void v4SignedFormWith201() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        String policy = policy(inAnHour(), v4Conditions("{\"bucket\":\"" + BUCKET + "\"}",
                "[\"starts-with\",\"$key\",\"uploads/\"]", "{\"success_action_status\":\"201\"}",
                "[\"starts-with\",\"$Content-Type\",\"image/\"]", "[\"eq\",\"$x-amz-meta-owner\",\"alice\"]",
                "[\"content-length-range\",1,1048576]"));
        Map<String, String> f = new LinkedHashMap<>();
        f.put("key", "uploads/${filename}");
        f.put("success_action_status", "201");
        f.put("Content-Type", "image/png");
        f.put("x-amz-meta-owner", "alice");
        f.putAll(v4(policy, "test"));
        HttpResponse<String> r = post(f, "cat.png", data);
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Bucket>" + BUCKET + "</Bucket><Key>uploads/cat.png</Key><ETag>\""), r.body());
        assertTrue(r.body().contains("<Location>http://"), r.body());
        assertArrayEquals(data, object("uploads/cat.png"));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("uploads/cat.png"));
        assertEquals("image/png", head.contentType());
        assertEquals("alice", head.metadata().get("owner"));
        assertEquals(r.headers().firstValue("ETag").orElse(""), head.eTag());
    }

    @Test
    void v2SignedFormDefaultsTo204AndRedirects() throws Exception {
        String policy = policy(inAnHour(), "{\"bucket\":\"" + BUCKET + "\"}", "[\"starts-with\",\"$key\",\"v2/\"]");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("key", "v2/${filename}");
        f.putAll(v2(policy, "test"));
        HttpResponse<String> r = post(f, "C:\\docs\\note.txt", "hello v2".getBytes(StandardCharsets.UTF_8));
        assertEquals(204, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("ETag").isPresent());
        assertEquals("hello v2", new String(object("v2/note.txt"), StandardCharsets.UTF_8));

        String redirectPolicy = policy(inAnHour(), "{\"bucket\":\"" + BUCKET + "\"}", "[\"starts-with\",\"$key\",\"v2/\"]",
                "{\"success_action_redirect\":\"https://example.com/done?x=1\"}");
        Map<String, String> g = new LinkedHashMap<>();
        g.put("key", "v2/redirected file.txt");
        g.put("success_action_redirect", "https://example.com/done?x=1");
        g.putAll(v2(redirectPolicy, "test"));
        r = post(g, "ignored.txt", "bye".getBytes(StandardCharsets.UTF_8));
        assertEquals(303, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("https://example.com/done?x=1&bucket=" + BUCKET + "&key=v2%2Fredirected%20file.txt&etag=%22"),
                location);
    }

    @Test
    void contentMd5AndChecksumFieldsAreVerifiedAsPutObjectsHeaders() throws Exception {
        byte[] file = "checked content".getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(file));
        String sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(file));
        String otherMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(new byte[1]));

        HttpResponse<String> r = post(signed(BUCKET, fields("key", "sums/md5", "Content-MD5", md5)), "f", file);
        assertEquals(204, r.statusCode(), r.body());
        assertRefused(post(signed(BUCKET, fields("key", "sums/bad-md5", "Content-MD5", otherMd5)), "f", file),
                400, "BadDigest", BUCKET, "sums/bad-md5");
        assertRefused(post(signed(BUCKET, fields("key", "sums/invalid-md5", "Content-MD5", "not-an-md5")), "f", file),
                400, "InvalidDigest", BUCKET, "sums/invalid-md5");

        r = post(signed(BUCKET, fields("key", "sums/sha", "x-amz-checksum-algorithm", "SHA256",
                "x-amz-checksum-sha256", sha256)), "f", file);
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(sha256, s3.headObject(b -> b.bucket(BUCKET).key("sums/sha").checksumMode(ChecksumMode.ENABLED))
                .checksumSHA256());
        r = post(signed(BUCKET, fields("key", "sums/crc", "x-amz-checksum-algorithm", "CRC32C")), "f", file);
        assertEquals(204, r.statusCode(), r.body());
        assertTrue(s3.headObject(b -> b.bucket(BUCKET).key("sums/crc").checksumMode(ChecksumMode.ENABLED))
                .checksumCRC32C() != null);
        assertRefused(post(signed(BUCKET, fields("key", "sums/bad-sha", "x-amz-checksum-algorithm", "SHA256",
                "x-amz-checksum-sha256", Base64.getEncoder().encodeToString(new byte[32]))), "f", file),
                400, "BadDigest", BUCKET, "sums/bad-sha");
        assertRefused(post(signed(BUCKET, fields("key", "sums/two", "x-amz-checksum-sha256", sha256,
                "x-amz-checksum-crc32", "AAAAAA==")), "f", file), 400, "InvalidRequest", BUCKET, "sums/two");
        assertRefused(post(signed(BUCKET, fields("key", "sums/alg", "x-amz-checksum-algorithm", "MD4")), "f", file),
                400, "InvalidRequest", BUCKET, "sums/alg");
    }

    @Test
    void encryptionFieldsAreCheckedAndKeptAsPutObjectsHeaders() throws Exception {
        HttpResponse<String> r = post(signed(BUCKET, fields("key", "sse/kms", "x-amz-server-side-encryption", "aws:kms",
                "x-amz-server-side-encryption-aws-kms-key-id", "1234abcd-12ab-34cd-56ef-1234567890ab")), "f", new byte[] {1});
        assertEquals(204, r.statusCode(), r.body());
        assertEquals("aws:kms", r.headers().firstValue("x-amz-server-side-encryption").orElse(null));
        var h = s3.headObject(b -> b.bucket(BUCKET).key("sse/kms"));
        assertEquals("aws:kms", h.serverSideEncryptionAsString());
        assertTrue(h.ssekmsKeyId().endsWith(":key/1234abcd-12ab-34cd-56ef-1234567890ab"), h.ssekmsKeyId());
        r = post(signed(BUCKET, fields("key", "sse/plain")), "f", new byte[] {1});
        assertEquals("AES256", r.headers().firstValue("x-amz-server-side-encryption").orElse(null));
        assertRefused(post(signed(BUCKET, fields("key", "sse/bad", "x-amz-server-side-encryption", "rot13")), "f", new byte[] {1}),
                400, "InvalidArgument", BUCKET, "sse/bad");
    }

    @Test
    void taggingFieldIsATaggingDocument() throws Exception {
        String xml = "<Tagging><TagSet><Tag><Key>team</Key><Value>red</Value></Tag>"
                + "<Tag><Key>tier</Key><Value>1</Value></Tag></TagSet></Tagging>";
        HttpResponse<String> r = post(signed(BUCKET, fields("key", "tagged/x", "tagging", xml)), "f", new byte[] {1});
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(Map.of("team", "red", "tier", "1"), s3.getObjectTagging(b -> b.bucket(BUCKET).key("tagged/x")).tagSet()
                .stream().collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(2, s3.headObject(b -> b.bucket(BUCKET).key("tagged/x")).tagCount());
        assertRefused(post(signed(BUCKET, fields("key", "tagged/url", "tagging", "team=red")), "f", new byte[] {1}),
                400, "MalformedXML", BUCKET, "tagged/url");
        assertRefused(post(signed(BUCKET, fields("key", "tagged/aws", "tagging",
                "<Tagging><TagSet><Tag><Key>aws:x</Key><Value>1</Value></Tag></TagSet></Tagging>")), "f", new byte[] {1}),
                400, "InvalidTag", BUCKET, "tagged/aws");
    }

    @Test
    void objectLockFieldsAreCheckedAsPutObjectsHeaders() throws Exception {
        String until = DateTimeFormatter.ISO_INSTANT.format(Instant.now().plusSeconds(86400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String past = DateTimeFormatter.ISO_INSTANT.format(Instant.now().minusSeconds(86400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        byte[] file = "locked".getBytes(StandardCharsets.UTF_8);
        assertRefused(post(signed(BUCKET, fields("key", "lock/x", "x-amz-object-lock-legal-hold", "ON")), "f", file),
                400, "InvalidRequest", BUCKET, "lock/x");

        String locked = "post-locked";
        s3.createBucket(b -> b.bucket(locked).objectLockEnabledForBucket(true));
        HttpResponse<String> r = post(locked, signed(locked, fields("key", "k", "x-amz-object-lock-mode", "GOVERNANCE",
                "x-amz-object-lock-retain-until-date", until, "x-amz-object-lock-legal-hold", "ON")), "f", file);
        assertEquals(204, r.statusCode(), r.body());
        HeadObjectResponse h = s3.headObject(b -> b.bucket(locked).key("k"));
        assertEquals(ObjectLockMode.GOVERNANCE, h.objectLockMode());
        assertEquals(Instant.parse(until), h.objectLockRetainUntilDate());
        assertEquals(ObjectLockLegalHoldStatus.ON, h.objectLockLegalHoldStatus());

        assertRefused(post(locked, signed(locked, fields("key", "no-date", "x-amz-object-lock-mode", "GOVERNANCE")), "f", file),
                400, "InvalidArgument", locked, "no-date");
        assertRefused(post(locked, signed(locked, fields("key", "bad-mode", "x-amz-object-lock-mode", "FOREVER",
                "x-amz-object-lock-retain-until-date", until)), "f", file), 400, "InvalidArgument", locked, "bad-mode");
        assertRefused(post(locked, signed(locked, fields("key", "past", "x-amz-object-lock-mode", "COMPLIANCE",
                "x-amz-object-lock-retain-until-date", past)), "f", file), 400, "InvalidArgument", locked, "past");
        assertRefused(post(locked, signed(locked, fields("key", "hold", "x-amz-object-lock-legal-hold", "MAYBE")), "f", file),
                400, "InvalidArgument", locked, "hold");

        // the fields need s3:PutObjectLegalHold / s3:PutObjectRetention as the headers do
        s3.putBucketPolicy(b -> b.bucket(locked).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectLegalHold\",\"Resource\":\"arn:aws:s3:::"
                + locked + "/*\"}]}"));
        assertRefused(post(locked, signed(locked, fields("key", "denied", "x-amz-object-lock-legal-hold", "ON")), "f", file),
                403, "AccessDenied", locked, "denied");
        r = post(locked, signed(locked, fields("key", "allowed", "x-amz-object-lock-mode", "GOVERNANCE",
                "x-amz-object-lock-retain-until-date", until)), "f", file);
        assertEquals(204, r.statusCode(), r.body());
        s3.deleteBucketPolicy(b -> b.bucket(locked));
        s3.putObjectLegalHold(b -> b.bucket(locked).key("k").legalHold(l -> l.status(ObjectLockLegalHoldStatus.OFF)));
    }

    @Test
    void policyViolationsAreRefused() throws Exception {
        String policy = policy(inAnHour(), "{\"bucket\":\"" + BUCKET + "\"}", "[\"starts-with\",\"$key\",\"uploads/\"]");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("key", "elsewhere/x");
        f.putAll(v2(policy, "test"));
        HttpResponse<String> r = post(f, "x", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: "
                + "[\"starts-with\", \"$key\", \"uploads/\"]</Message>"), r.body());

        f.put("key", "uploads/x");
        f.put("x-amz-meta-extra", "sneaky");
        r = post(f, "x", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("Invalid according to Policy: Extra input fields: x-amz-meta-extra"), r.body());

        Map<String, String> expired = new LinkedHashMap<>();
        expired.put("key", "uploads/old");
        expired.putAll(v2(policy(Instant.now().minusSeconds(60), "[\"starts-with\",\"$key\",\"\"]"), "test"));
        r = post(expired, "x", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Message>Invalid according to Policy: Policy expired.</Message>"), r.body());

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("key", "uploads/forged");
        forged.putAll(v4(policy(inAnHour(), v4Conditions("[\"starts-with\",\"$key\",\"\"]")), "wrong-secret"));
        r = post(forged, "x", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
        assertThrows(NoSuchKeyException.class, () -> object("uploads/forged"));

        Map<String, String> big = new LinkedHashMap<>();
        big.put("key", "uploads/big");
        big.putAll(v2(policy(inAnHour(), "[\"starts-with\",\"$key\",\"\"]", "[\"content-length-range\",0,1000]"), "test"));
        r = post(big, "big", new byte[5000]);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>EntityTooLarge</Code>"), r.body());
        assertThrows(NoSuchKeyException.class, () -> object("uploads/big"));

        Map<String, String> noKey = new LinkedHashMap<>(v2(policy(inAnHour(), "[\"starts-with\",\"$key\",\"\"]"), "test"));
        r = post(noKey, "x", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>InvalidArgument</Code><Message>Bucket POST must contain a field named 'key'."), r.body());
    }

    @Test
    void unsignedFormsNeedAWritableBucketAndFormEncoding() throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("key", "anon.txt");
        HttpResponse<String> r = post(f, "anon.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());

        r = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + "/" + BUCKET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(412, r.statusCode(), r.body());
        assertTrue(r.body().contains("Bucket POST must be of the enclosure-type multipart/form-data"), r.body());
    }

    @Test
    void boto3PresignedPostV2AndV4() throws Exception {
        String script = "import boto3, json, sys\n"
                + "from botocore.config import Config\n"
                + "for sv in ('s3', 's3v4'):\n"
                + "    s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test',"
                + " aws_secret_access_key='test', config=Config(signature_version=sv))\n"
                + "    p = s3.generate_presigned_post('" + BUCKET + "', 'boto3/' + sv + '/${filename}', Fields={'acl': 'private'},"
                + " Conditions=[{'acl': 'private'}, ['starts-with', '$key', 'boto3/'], ['content-length-range', 1, 100]],"
                + " ExpiresIn=600)\n"
                + "    print(json.dumps(p))\n";
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, emu.endpoint().toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeFalse(out.contains("No module named 'boto3'"), "boto3 is not installed (python3-boto3)");
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.trim().split("\n");
        assertEquals(2, lines.length, out);
        for (String line : lines) {
            JsonNode json = new ObjectMapper().readTree(line);
            Map<String, String> fields = new LinkedHashMap<>();
            json.get("fields").fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
            String version = fields.containsKey("x-amz-signature") ? "s3v4" : "s3";
            HttpResponse<String> r = post(fields, "from-boto3.txt", "made by boto3".getBytes(StandardCharsets.UTF_8));
            assertEquals(204, r.statusCode(), r.body());
            assertEquals("made by boto3", new String(object("boto3/" + version + "/from-boto3.txt"), StandardCharsets.UTF_8));
            // the same form with a file over the policy's 100 bytes
            r = post(fields, "too-big.txt", new byte[101]);
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("<Code>EntityTooLarge</Code>"), r.body());
        }
    }
}
