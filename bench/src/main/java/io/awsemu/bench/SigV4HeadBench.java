package io.awsemu.bench;

import io.awsemu.core.auth.AuthMode;
import io.awsemu.core.auth.AuthResult;
import io.awsemu.core.auth.Authenticator;
import io.awsemu.core.auth.Credentials;
import io.awsemu.core.concurrent.Ids;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.routing.ServiceResolver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What the event loop does with the head of an SDK v2 GetObject signed with SigV4, per request, in thread
 * CPU time: build the {@code Headers} and {@code HttpRequestHead}, a request id, the credential scope,
 * the virtual-host check and {@code Authenticator.precheck} (canonical request, string to sign, HMAC).
 * One thread, so the figure moves little with the machine's load. Run it under the image's flags, and
 * put an older runnable jar first on the class path to measure that build:
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "[OLD.jar:]bench/target/classes:$(cat bench/target/classpath.txt)" \
 *     io.awsemu.bench.SigV4HeadBench [requests per round]
 * </pre>
 */
public final class SigV4HeadBench {
    static byte[] hmac(byte[] k, String d) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256"); m.init(new SecretKeySpec(k, "HmacSHA256"));
        return m.doFinal(d.getBytes(StandardCharsets.UTF_8));
    }
    static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    public static void main(String[] a) throws Exception {
        String ak = "test", secret = "test";
        Instant now = Instant.now();
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String date = amzDate.substring(0, 8);
        String path = "/bench-bucket/small/3/17";
        String host = "127.0.0.1:4566";
        String sha = "UNSIGNED-PAYLOAD";
        String invocation = "9b2e0c3f-7f4b-4d7e-8d4e-0c1f6a2b3c4d";
        String signed = "amz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date";
        String canonical = "GET\n" + path + "\n\n" + "amz-sdk-invocation-id:" + invocation + "\namz-sdk-request:attempt=1; max=4\nhost:" + host
                + "\nx-amz-content-sha256:" + sha + "\nx-amz-date:" + amzDate + "\n\n" + signed + "\n" + sha;
        String scope = date + "/us-east-1/s3/aws4_request";
        String sts = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, "us-east-1"); k = hmac(k, "s3"); k = hmac(k, "aws4_request");
        String sig = hex(hmac(k, sts));
        String authz = "AWS4-HMAC-SHA256 Credential=" + ak + "/" + scope + ", SignedHeaders=" + signed + ", Signature=" + sig;
        String[][] wire = {
            {"Host", host}, {"amz-sdk-invocation-id", invocation}, {"amz-sdk-request", "attempt=1; max=4"},
            {"Authorization", authz}, {"User-Agent", "aws-sdk-java/2.31.0 md/io#sync md/http#Apache ua/2.1 os/Linux#6.1 lang/java#17.0.13 md/OpenJDK_64-Bit_Server_VM#17.0.13 md/vendor#Debian md/en_US m/D,N"},
            {"x-amz-content-sha256", sha}, {"X-Amz-Date", amzDate}, {"Content-Length", "0"}, {"Connection", "Keep-Alive"}};
        Authenticator auth = new Authenticator(AuthMode.STRICT, Credentials.of(List.of("test:test"), "000000000000"), Clock.systemUTC());
        InetSocketAddress addr = new InetSocketAddress("127.0.0.1", 4566);
        var bean = ManagementFactory.getThreadMXBean();
        int n = Integer.parseInt(a.length > 0 ? a[0] : "20000");
        for (int round = 0; round < 6; round++) {
            long t0 = bean.getCurrentThreadCpuTime();
            int ok = 0;
            for (int i = 0; i < n; i++) {
                Headers h = new Headers();
                for (String[] w : wire) h.add(w[0], w[1]);
                HttpRequestHead head = new HttpRequestHead("GET", path, h, addr, addr);
                String id = Ids.requestId();
                String svc = Authenticator.scopeService(head).orElseThrow();
                String vhb = ServiceResolver.virtualHostBucket(head.hostName());
                AuthResult r = auth.precheck(head, svc, vhb);
                if (r.verified() && id.length() == 36) ok++;
                else throw new IllegalStateException("the signature did not verify: " + r);
            }
            long t1 = bean.getCurrentThreadCpuTime();
            System.out.printf(Locale.ROOT, "round %d: %.2f us/request (%d verified)%n", round, (t1 - t0) / 1000.0 / n, ok);
        }
    }
}
