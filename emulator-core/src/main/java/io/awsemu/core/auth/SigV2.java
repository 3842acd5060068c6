package io.awsemu.core.auth;

import io.awsemu.core.http.HttpRequestHead;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** SigV2 strings to sign: the Query form (SimpleDB, EC2, SQS, RDS) and the S3 REST form. */
final class SigV2 {
    private SigV2() {}

    /** The sub-resources S3 puts into the canonical resource (the documented list, as SDK v1 signs it). */
    static final Set<String> S3_SUBRESOURCES = Set.of(
            "acl", "torrent", "logging", "location", "policy", "requestPayment", "versioning", "versions",
            "versionId", "notification", "uploadId", "uploads", "partNumber", "website", "delete", "lifecycle",
            "tagging", "cors", "restore", "replication", "accelerate", "inventory", "analytics", "metrics",
            "response-cache-control", "response-content-disposition", "response-content-encoding",
            "response-content-language", "response-content-type", "response-expires");

    /** Later additions some clients (boto 2, s3cmd, newer SDKs) also sign; tried when the first list fails. */
    static final Set<String> S3_SUBRESOURCES_EXTRA = Set.of(
            "encryption", "object-lock", "legal-hold", "retention", "publicAccessBlock", "ownershipControls",
            "intelligent-tiering", "select", "select-type", "requestPayment", "defaultObjectAcl", "policyStatus",
            "attributes", "renameObject");

    static String sign(String algorithm, String secret, String stringToSign) {
        return Base64.getEncoder().encodeToString(
                Signing.hmac(algorithm, secret.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    /** Host forms a Query SigV2 client may have signed: as sent, and without the port. */
    static List<String> hostCandidates(HttpRequestHead head) {
        List<String> out = new ArrayList<>(2);
        String h = head.header("Host");
        h = h == null ? "" : h.trim().toLowerCase(Locale.ROOT);
        out.add(h);
        String bare = head.hostName();
        if (!bare.equals(h)) out.add(bare);
        return out;
    }

    /** {@code METHOD\nhost\n/path\nsorted-encoded-params} without Signature. */
    static String queryStringToSign(String method, String host, String rawPath, Map<String, List<String>> params) {
        return method + "\n" + host + "\n" + Signing.reencodedPath(rawPath) + "\n"
                + Signing.canonicalQuery(params, "Signature");
    }

    /**
     * S3's {@code VERB\nContent-MD5\nContent-Type\nDate\nx-amz-headers resource}. {@code expires} replaces
     * the date for query-string auth; x-amz-* query parameters count as headers there (as SDK v1 signs).
     */
    static String s3StringToSign(HttpRequestHead head, String virtualHostBucket, String expires,
                                 Set<String> subresources) {
        return s3StringToSign(head, virtualHostBucket, expires, subresources, false);
    }

    /** {@code rawValues}: header values as sent, untrimmed (SDK v1 signs them so; the spec collapses white space). */
    static String s3StringToSign(HttpRequestHead head, String virtualHostBucket, String expires,
                                 Set<String> subresources, boolean rawValues) {
        TreeMap<String, String> interesting = new TreeMap<>();
        for (String name : head.headers().lowerNames()) {
            if (name.equals("content-type") || name.equals("content-md5") || name.equals("date")
                    || name.startsWith("x-amz-")) {
                List<String> vs = head.headers().getAll(name);
                StringBuilder v = new StringBuilder();
                for (int i = 0; i < vs.size(); i++) {
                    if (i > 0) v.append(',');
                    v.append(rawValues ? vs.get(i) : Signing.collapse(vs.get(i)));
                }
                interesting.put(name, v.toString());
            }
        }
        if (expires != null) {
            for (Map.Entry<String, List<String>> e : head.query().entrySet()) {
                String k = e.getKey().toLowerCase(Locale.ROOT);
                if (k.startsWith("x-amz-") && !e.getValue().isEmpty()) interesting.put(k, e.getValue().get(0));
            }
        }
        if (interesting.containsKey("x-amz-date")) interesting.put("date", "");
        if (expires != null) interesting.put("date", expires);
        interesting.putIfAbsent("content-type", "");
        interesting.putIfAbsent("content-md5", "");
        interesting.putIfAbsent("date", "");

        StringBuilder sb = new StringBuilder();
        sb.append(head.method().toUpperCase(Locale.ROOT)).append('\n');
        for (Map.Entry<String, String> e : interesting.entrySet()) {
            if (e.getKey().startsWith("x-amz-")) sb.append(e.getKey()).append(':');
            sb.append(e.getValue()).append('\n');
        }
        sb.append(canonicalResource(head, virtualHostBucket, subresources));
        return sb.toString();
    }

    static String canonicalResource(HttpRequestHead head, String virtualHostBucket, Set<String> subresources) {
        String path = head.rawPath().isEmpty() ? "/" : head.rawPath();
        StringBuilder sb = new StringBuilder();
        if (virtualHostBucket != null && !virtualHostBucket.isEmpty()) sb.append('/').append(virtualHostBucket);
        sb.append(path);
        TreeMap<String, String> subs = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : head.query().entrySet()) {
            if (subresources.contains(e.getKey())) {
                String v = e.getValue().isEmpty() ? "" : e.getValue().get(0);
                subs.put(e.getKey(), v);
            }
        }
        char sep = '?';
        for (Map.Entry<String, String> e : subs.entrySet()) {
            sb.append(sep).append(e.getKey());
            if (!e.getValue().isEmpty()) sb.append('=').append(e.getValue());
            sep = '&';
        }
        return sb.toString();
    }
}
