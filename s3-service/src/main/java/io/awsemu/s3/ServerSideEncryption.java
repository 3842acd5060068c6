package io.awsemu.s3;

import io.awsemu.core.checksum.Checksums;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.S3Xml.Element;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server-side encryption an object is written with, as S3 answers it: SSE-S3 ({@code AES256}, every
 * object's default since January 2023), SSE-KMS ({@code aws:kms}) or DSSE-KMS ({@code aws:kms:dsse}), from the
 * write's {@code x-amz-server-side-encryption*} headers or else the bucket's default encryption
 * (PutBucketEncryption). A copy takes the request's or the destination bucket's, never the source's.
 *
 * <p>What is kept is the object's encryption headers ({@link StoredObject#ENCRYPTION_HEADERS}, stored with
 * its other headers; nothing for the SSE-S3 default), answered by every write and read of the object. The bytes
 * at rest are the emulator's own and are not encrypted, and there is no KMS here: a key id is not checked to
 * exist, and is answered as its ARN in the bucket's region ({@code alias/...} as the alias ARN). Without a key
 * id, SSE-KMS uses the account's AWS managed key {@code aws/s3}, answered with an ARN of its own per account
 * and region.
 */
final class ServerSideEncryption {
    static final String ALGORITHM = "x-amz-server-side-encryption";
    static final String KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";
    static final String BUCKET_KEY = "x-amz-server-side-encryption-bucket-key-enabled";
    static final String SSE_S3 = "AES256";
    /** SSE-C: the request's key headers, and what an object keeps of them (the algorithm and the key's MD5, never the key). */
    static final String CUSTOMER = "x-amz-server-side-encryption-customer-";
    static final String COPY_SOURCE_CUSTOMER = "x-amz-copy-source-server-side-encryption-customer-";
    static final String CUSTOMER_ALGORITHM = CUSTOMER + "algorithm";
    static final String CUSTOMER_KEY_MD5 = CUSTOMER + "key-MD5";
    private static final Set<String> ALGORITHMS = Set.of(SSE_S3, "aws:kms", "aws:kms:dsse");

    private final BucketConfigs configs;

    /** @param configs the buckets' default encryption; null in routing tests (SSE-S3 then) */
    ServerSideEncryption(BucketConfigs configs) {
        this.configs = configs;
    }

    /**
     * The encryption headers a new object stores: the request's ({@code header} looks one up by name), else
     * the bucket's default. {@code region} (the bucket's) is asked only for a KMS key's ARN. Empty for the SSE-S3
     * default; {@code AES256} itself when the request names it.
     *
     * @throws AwsException InvalidArgument for an unknown algorithm, or a KMS key or
     *         bucket key setting without a KMS algorithm
     */
    Map<String, String> forWrite(String accountId, Supplier<String> region, String bucket, Function<String, String> header) {
        String algorithm = header.apply(ALGORITHM);
        String keyId = header.apply(KMS_KEY);
        String bucketKey = header.apply(BUCKET_KEY);
        if (algorithm != null && !ALGORITHMS.contains(algorithm)) {
            throw S3Errors.invalidArgument("The encryption method specified is not supported", ALGORITHM, algorithm);
        }
        boolean kms = algorithm != null && !algorithm.equals(SSE_S3);
        if (keyId != null && !kms) {
            throw S3Errors.invalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header"
                    + " x-amz-server-side-encryption : aws:kms", ALGORITHM, algorithm == null ? "null" : algorithm);
        }
        if (bucketKey != null && !bucketKey.equalsIgnoreCase("true") && !bucketKey.equalsIgnoreCase("false")) {
            throw S3Errors.invalidArgument("Bucket key enabled value should be either true or false", BUCKET_KEY, bucketKey);
        }
        Map<String, String> out = new LinkedHashMap<>();
        String customerKeyMd5 = customerKey(header, CUSTOMER);
        if (customerKeyMd5 != null) {
            if (algorithm != null) {
                throw S3Errors.invalidArgument("Server Side Encryption with Customer provided key is incompatible with the"
                        + " encryption method specified", ALGORITHM, algorithm);
            }
            out.put(CUSTOMER_ALGORITHM, SSE_S3);
            out.put(CUSTOMER_KEY_MD5, customerKeyMd5);
            return out;
        }
        if (algorithm == null) {
            Optional<Element> rule = defaultRule(bucket);
            if (rule.isEmpty()) return out;
            Element dflt = rule.get().child("ApplyServerSideEncryptionByDefault");
            algorithm = dflt.childText("SSEAlgorithm");
            if (algorithm.equals(SSE_S3)) return out; // the default: nothing to keep
            keyId = dflt.childText("KMSMasterKeyID");
            if (bucketKey == null) bucketKey = rule.get().childText("BucketKeyEnabled");
        }
        out.put(ALGORITHM, algorithm);
        if (!algorithm.equals(SSE_S3)) {
            out.put(KMS_KEY, keyArn(keyId, accountId, region.get()));
            if ("true".equalsIgnoreCase(bucketKey)) out.put(BUCKET_KEY, "true");
        }
        return out;
    }

    /**
     * The base64 MD5 of an SSE-C key the request carries (headers from {@code prefix}: {@link #CUSTOMER}, or
     * {@link #COPY_SOURCE_CUSTOMER} for a copy's source), checked as S3 checks it; null when it carries none.
     */
    static String customerKey(Function<String, String> header, String prefix) {
        String algorithm = header.apply(prefix + "algorithm");
        String key = header.apply(prefix + "key");
        String md5 = header.apply(prefix + "key-MD5");
        if (algorithm == null && key == null) return null;
        if (algorithm == null) {
            throw S3Errors.invalidArgument("Requests specifying Server Side Encryption with Customer provided keys must"
                    + " provide a valid encryption algorithm.", ALGORITHM, null);
        }
        if (key == null) {
            throw S3Errors.invalidArgument("Requests specifying Server Side Encryption with Customer provided keys must"
                    + " provide an appropriate secret key.", ALGORITHM, null);
        }
        if (!algorithm.equals(SSE_S3)) {
            throw new AwsException("InvalidEncryptionAlgorithmError", 400,
                    "The Encryption request you specified is not valid. Supported value: AES256.")
                    .with("ArgumentName", ALGORITHM).with("ArgumentValue", algorithm);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw S3Errors.invalidArgument("The secret key was invalid for the specified algorithm.", ALGORITHM, null);
        }
        String actual = Checksums.base64(Checksums.md5(raw));
        if (!actual.equals(md5 == null ? null : md5.trim())) {
            throw S3Errors.invalidArgument("The calculated MD5 hash of the key did not match the hash that was provided.",
                    ALGORITHM, null);
        }
        return actual;
    }

    /**
     * A read of an object (GET, HEAD, a copy's source with {@link #COPY_SOURCE_CUSTOMER}) must carry the SSE-C key it
     * was written with, and only then one: InvalidRequest without it, AccessDenied with another.
     */
    static void checkRead(Map<String, String> stored, Function<String, String> header, String prefix) {
        checkKey(stored, customerKey(header, prefix), "The object was stored using a form of Server Side Encryption."
                + " The correct parameters must be provided to retrieve the object.",
                () -> new AwsException("AccessDenied", 403, "Requests specifying Server Side Encryption with Customer"
                        + " provided keys must provide the correct secret key."));
    }

    /** A part of an upload created with an SSE-C key carries the same key. */
    static void checkPart(Map<String, String> upload, Function<String, String> header) {
        checkKey(upload, customerKey(header, CUSTOMER), "The multipart upload initiate requested encryption. Subsequent"
                + " part requests must include the appropriate encryption parameters.",
                () -> S3Errors.invalidRequest("The provided encryption parameters did not match the ones used originally."));
    }

    /** The {@code given} key's MD5 (or null) against the one {@code stored} with an object or upload (or none). */
    private static void checkKey(Map<String, String> stored, String given, String missing, Supplier<AwsException> other) {
        String kept = stored.get(CUSTOMER_KEY_MD5);
        if (kept == null) {
            if (given != null) throw S3Errors.invalidRequest("The encryption parameters are not applicable to this object.");
            return;
        }
        if (given == null) throw S3Errors.invalidRequest(missing);
        if (!given.equals(kept)) throw other.get();
    }

    /** The bucket's default encryption rule, when PutBucketEncryption set one. */
    private Optional<Element> defaultRule(String bucket) {
        if (configs == null) return Optional.empty();
        return configs.read(bucket, BucketConfigOperations.ENCRYPTION)
                .map(doc -> BucketConfigXml.all(BucketConfigXml.read(doc), "Rule").get(0));
    }

    /** A KMS key named by id, ARN or alias, as S3 answers it: its ARN; the AWS managed key without one. */
    static String keyArn(String keyId, String accountId, String region) {
        String prefix = "arn:aws:kms:" + region + ":" + accountId + ":";
        if (keyId == null || keyId.isBlank() || keyId.equals("alias/aws/s3")) {
            UUID managed = UUID.nameUUIDFromBytes(("aws/s3 " + accountId + " " + region).getBytes(StandardCharsets.UTF_8));
            return prefix + "key/" + managed;
        }
        if (keyId.startsWith("arn:")) return keyId;
        if (keyId.startsWith("alias/")) return prefix + keyId;
        return prefix + "key/" + keyId;
    }

    /** The stored encryption headers of an object (or upload), on a response about it: SSE-S3 unless it has others. */
    static AwsResponse answer(AwsResponse r, Map<String, String> stored) {
        String customer = stored.get(CUSTOMER_KEY_MD5);
        if (customer != null) return r.header(CUSTOMER_ALGORITHM, SSE_S3).header(CUSTOMER_KEY_MD5, customer);
        String algorithm = stored.get(ALGORITHM);
        if (algorithm == null) return r.header(ALGORITHM, SSE_S3);
        r.header(ALGORITHM, algorithm).header(KMS_KEY, stored.get(KMS_KEY)).header(BUCKET_KEY, stored.get(BUCKET_KEY));
        return r;
    }
}
