package io.awsemu.s3;

import io.awsemu.core.auth.AuthMode;
import io.awsemu.core.auth.Credentials;
import io.awsemu.core.error.AwsBodyException;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.engine.AccessEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.PostPolicy;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersionExtras;
import io.awsemu.s3.store.AccessStore.BucketAccess;
import io.awsemu.s3.store.AccessStore.ObjectAccess;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * PostObject: the browser form upload. The form's fields before the file carry the key, the policy
 * and its signature (V2: AWSAccessKeyId + HMAC-SHA1; V4: x-amz-credential + HMAC-SHA256 of the
 * base64 policy); the file part streams into the blob store with content-length-range counted as it
 * passes. The signer's account (or anonymous, without credentials) must be allowed s3:PutObject.
 */
public final class PostObjectOperations {
    /** AWS's limit on the form fields that precede the file. */
    static final int MAX_FIELDS_BYTES = 20 * 1024;
    private static final List<String> STORED = List.of("Content-Type", "Content-Encoding", "Content-Disposition",
            "Content-Language", "Cache-Control", "Expires", "x-amz-website-redirect-location");

    private final ObjectEngine objects;
    private final AccessEngine access;
    private final Credentials credentials;
    private final AuthMode mode;
    private final Clock clock;
    /** The form's tagging field; null until wired (routing tests). */
    private ObjectTaggingOperations tagging;
    private ServerSideEncryption encryption = new ServerSideEncryption(null);

    public PostObjectOperations(ObjectEngine objects, AccessEngine access, Credentials credentials, AuthMode mode,
                                Clock clock) {
        this.objects = objects;
        this.access = access;
        this.credentials = credentials;
        this.mode = mode;
        this.clock = clock;
    }

    /** Wiring: the encryption the form's x-amz-server-side-encryption* fields or the bucket's default give. */
    public PostObjectOperations encryption(ServerSideEncryption encryption) {
        this.encryption = encryption;
        return this;
    }

    /** Wiring: where the form's tagging field goes (the tag sets PutObject's x-amz-tagging fills). */
    public PostObjectOperations tagging(ObjectTaggingOperations tagging) {
        this.tagging = tagging;
        return this;
    }

    public void bindTo(S3Router router) {
        router.bind("PostObject", this::postObject);
    }

    public AwsResponse postObject(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        HttpRequestHead head = ctx.request();
        String boundary = MultipartFormReader.boundary(head.header("Content-Type"));
        if (boundary == null) {
            throw new AwsException("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold")
                    .with("Condition", "Bucket POST must be of the enclosure-type multipart/form-data");
        }
        MultipartFormReader form;
        try {
            form = new MultipartFormReader(body.stream(), boundary);
        } catch (IllegalArgumentException e) {
            throw malformedPostRequest();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        MultipartFormReader.Part file = null;
        int total = 0;
        try {
            for (MultipartFormReader.Part p = form.next(); p != null; p = form.next()) {
                if (p.name() == null) continue;
                String name = p.name().toLowerCase(Locale.ROOT);
                if (name.equals("file")) {
                    file = p;
                    break;
                }
                String v = p.text(MAX_FIELDS_BYTES - total);
                if (v == null) {
                    throw new AwsException("MaxPostPreDataLengthExceededError", 400,
                            "Your POST request fields preceding the upload file were too large.")
                            .with("MaxPostPreDataLength", Integer.toString(MAX_FIELDS_BYTES));
                }
                total += v.getBytes(StandardCharsets.UTF_8).length;
                fields.putIfAbsent(name, v);
            }
        } catch (MultipartFormReader.MalformedFormException e) {
            throw malformedPostRequest();
        }
        if (file == null) {
            throw S3Errors.invalidArgument("POST requires exactly one file upload per request.", "file", "0");
        }
        String key = fields.get("key");
        if (key == null) throw missingField("key");
        String filename = file.filename() == null ? "" : file.filename();
        filename = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        key = key.replace("${filename}", filename);
        fields.put("key", key);

        String caller = authenticate(fields);
        PostPolicy policy = fields.containsKey("policy") ? PostPolicy.parse(fields.get("policy")) : null;
        if (policy != null) policy.check(clock.instant(), fields, t.bucket());

        BucketAccess b = access.bucket(t.bucket()).orElseThrow(() -> S3Errors.noSuchBucket(t.bucket()));
        Map<String, String> context = S3Authorizer.conditionKeys(ctx, caller);
        context.put("s3:authtype", "POST");
        if (fields.containsKey("acl")) context.put("s3:x-amz-acl", fields.get("acl"));
        if (!access.allowed(caller, b, key, "s3:PutObject", "WRITE", false, context)) throw S3Errors.accessDenied();
        // the fields PutObject takes as headers, checked as PutObject checks them
        Function<String, String> field = name -> fields.get(name.toLowerCase(Locale.ROOT));
        access.checkObjectLockWrite(caller, b, key, ObjectLockOperations.asksRetention(field),
                ObjectLockOperations.asksLegalHold(field), context);
        ObjectAccess acl = access.checkObjectWrite(t.bucket(), caller, new AccessEngine.AclSpec(fields.get("acl"), null));
        ObjectOperations.RequestChecksum checksum = ObjectOperations.RequestChecksum.of(field, false, "x-amz-checksum-algorithm");
        String tagXml = fields.get("tagging");
        Map<String, String> tags = tagXml == null || tagging == null ? null
                : ObjectTaggingOperations.tagsFromXml(tagXml.getBytes(StandardCharsets.UTF_8));

        Map<String, String> headers = storedHeaders(fields);
        headers.putAll(encryption.forWrite(b.ownerAccount(), b::region, t.bucket(), field));

        long min = policy == null ? 0 : policy.minLength();
        long max = policy == null ? Long.MAX_VALUE : policy.maxLength();
        StoredObject o = objects.put(new ObjectEngine.PutRequest(b.ownerAccount(), t.bucket(), key, -1,
                field.apply("Content-MD5"), checksum.algorithm(), checksum.value(), false, fields.get("x-amz-storage-class"),
                headers, null, null, ObjectLockOperations.requestLock(field), VersionExtras.of(acl, tags)
                        .journaled(ObjectEvents.journal(ctx, "ObjectCreated:Post"))),
                new LengthRange(file.content(), min, max), Map::of);
        ObjectEvents.created(ctx, "Post", o);
        drain(form);
        return ServerSideEncryption.answer(answer(ctx, t, fields, o), o.headers());
    }

    private AwsResponse answer(RequestContext ctx, S3Target t, Map<String, String> fields, StoredObject o) {
        String location = "http://" + hostOf(ctx.request()) + "/" + (t.style() == S3Target.Style.PATH ? t.bucket() + "/" : "")
                + encodePath(o.key());
        String redirect = fields.getOrDefault("success_action_redirect", fields.get("redirect"));
        if (redirect != null && isAbsoluteHttp(redirect)) {
            String target = redirect + (redirect.contains("?") ? "&" : "?") + "bucket=" + enc(t.bucket())
                    + "&key=" + enc(o.key()) + "&etag=" + enc(o.quotedEtag());
            return S3Responses.empty(ctx, 303).header("Location", target).header("ETag", o.quotedEtag());
        }
        String status = fields.get("success_action_status");
        if ("201".equals(status)) {
            XmlWriter w = XmlWriter.document();
            w.start("PostResponse")
                    .element("Location", location)
                    .element("Bucket", t.bucket())
                    .element("Key", o.key())
                    .element("ETag", o.quotedEtag())
                    .end();
            AwsResponse r = S3Responses.xml(ctx, w);
            return new AwsResponse(201, r.headers(), r.body()).header("ETag", o.quotedEtag()).header("Location", location);
        }
        int code = "200".equals(status) ? 200 : 204;
        return S3Responses.empty(ctx, code).header("ETag", o.quotedEtag()).header("Location", location);
    }

    /** The signer's account, null for an unsigned form; verifies the policy's signature. */
    private String authenticate(Map<String, String> f) {
        if (f.containsKey("x-amz-algorithm") || f.containsKey("x-amz-signature") || f.containsKey("x-amz-credential")) {
            if (!"AWS4-HMAC-SHA256".equals(f.get("x-amz-algorithm"))) {
                if (!f.containsKey("x-amz-algorithm")) throw missingField("X-Amz-Algorithm");
                throw S3Errors.invalidArgument("Only AWS4-HMAC-SHA256 is supported", "X-Amz-Algorithm", f.get("x-amz-algorithm"));
            }
            String cred = required(f, "x-amz-credential", "X-Amz-Credential");
            String date = required(f, "x-amz-date", "X-Amz-Date");
            String sig = required(f, "x-amz-signature", "X-Amz-Signature");
            String policy = required(f, "policy", "Policy");
            String[] c = cred.split("/");
            if (c.length != 5 || !c[4].equals("aws4_request") || c[1].length() != 8) {
                throw S3Errors.invalidArgument("Invalid according to Policy: Credential is malformed", "X-Amz-Credential", cred);
            }
            if (!date.startsWith(c[1])) {
                throw S3Errors.invalidArgument("Invalid according to Policy: X-Amz-Date does not match the credential date",
                        "X-Amz-Date", date);
            }
            String secret = secretFor(c[0]);
            if (secret != null) {
                byte[] k = hmac("HmacSHA256", ("AWS4" + secret).getBytes(StandardCharsets.UTF_8), c[1]);
                k = hmac("HmacSHA256", k, c[2]);
                k = hmac("HmacSHA256", k, c[3]);
                k = hmac("HmacSHA256", k, "aws4_request");
                String expected = HexFormat.of().formatHex(hmac("HmacSHA256", k, policy));
                if (!same(expected, sig.toLowerCase(Locale.ROOT))) throw signatureDoesNotMatch(c[0]);
            }
            return credentials.accountFor(c[0]);
        }
        if (f.containsKey("awsaccesskeyid")) {
            String keyId = f.get("awsaccesskeyid");
            String policy = required(f, "policy", "Policy");
            String sig = required(f, "signature", "Signature");
            String secret = secretFor(keyId);
            if (secret != null) {
                String expected = Base64.getEncoder().encodeToString(
                        hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), policy));
                if (!same(expected, sig)) throw signatureDoesNotMatch(keyId);
            }
            return credentials.accountFor(keyId);
        }
        return null;
    }

    // null: accept without verifying (auth off, or an unknown key under "known")
    private String secretFor(String accessKeyId) {
        if (mode == AuthMode.OFF) return null;
        String s = credentials.secret(accessKeyId).orElse(null);
        if (s == null && mode == AuthMode.STRICT) {
            throw new AwsException("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.")
                    .with("AWSAccessKeyId", accessKeyId);
        }
        return s;
    }

    private static String required(Map<String, String> f, String lower, String display) {
        String v = f.get(lower);
        if (v == null) throw missingField(display);
        return v;
    }

    static AwsException missingField(String name) {
        return S3Errors.invalidArgument("Bucket POST must contain a field named '" + name
                + "'.  If it is specified, please check the order of the fields.", name, "");
    }

    static AwsException malformedPostRequest() {
        return new AwsException("MalformedPOSTRequest", 400,
                "The body of your POST request is not well-formed multipart/form-data.");
    }

    static AwsException signatureDoesNotMatch(String keyId) {
        return new AwsException("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the "
                + "signature you provided. Check your key and signing method.").with("AWSAccessKeyId", keyId);
    }

    private static Map<String, String> storedHeaders(Map<String, String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : STORED) {
            String v = fields.get(name.toLowerCase(Locale.ROOT));
            if (v != null) out.put(name, v);
        }
        out.putIfAbsent("Content-Type", "binary/octet-stream");
        fields.forEach((k, v) -> {
            if (k.startsWith("x-amz-meta-")) out.put(k, v);
        });
        return out;
    }

    private static void drain(MultipartFormReader form) {
        try {
            while (form.next() != null) { }
        } catch (IOException e) {
            // what follows the file is ignored, as S3 ignores it
        }
    }

    private static byte[] hmac(String alg, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isAbsoluteHttp(String s) {
        try {
            URI u = new URI(s);
            return u.getScheme() != null && (u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                    && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String hostOf(HttpRequestHead head) {
        String h = head.header("Host");
        return h == null ? "localhost" : h;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String key) {
        return enc(key).replace("%2F", "/");
    }

    /** Counts the file as it streams: above the policy's maximum, or short of its minimum at the end, the write fails. */
    static final class LengthRange extends FilterInputStream {
        private final long min;
        private final long max;
        private long count;

        LengthRange(InputStream in, long min, long max) {
            super(in);
            this.min = min;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (MultipartFormReader.MalformedFormException e) {
                throw new AwsBodyException(malformedPostRequest());
            }
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new AwsBodyException(new AwsException("EntityTooLarge", 400,
                            "Your proposed upload exceeds the maximum allowed size")
                            .with("ProposedSize", Long.toString(count)).with("MaxSizeAllowed", Long.toString(max)));
                }
            } else if (n < 0 && count < min) {
                throw new AwsBodyException(new AwsException("EntityTooSmall", 400,
                        "Your proposed upload is smaller than the minimum allowed size")
                        .with("ProposedSize", Long.toString(count)).with("MinSizeAllowed", Long.toString(min)));
            }
            return n;
        }
    }
}
