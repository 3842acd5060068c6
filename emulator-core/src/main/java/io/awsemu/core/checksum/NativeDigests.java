package io.awsemu.core.checksum;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SHA-256, MD5 and SHA-1 for bulk hashing (chunk signatures, payload hashes, ETags, blob checksums):
 * native ones from Amazon Corretto Crypto Provider (AWS-LC) once it is loaded, Java ones until then
 * and wherever it cannot load. Under C1 alone (the image) the JDK has no digest intrinsics and these
 * hashes were most of the server's CPU on a large upload; AWS-LC uses SHA-NI where the CPU has it.
 *
 * <p>Loading takes a few hundred ms (the provider inflates its 10 MB library into a temp file and runs
 * its self-tests), so it never happens at start-up or on a request thread: the first bulk body
 * ({@link #bulkAhead}), or {@link #BULK_TOTAL_BYTES} hashed by smaller ones together, starts it on a daemon
 * thread, and requests keep Java digests until it is ready. An idle server never loads it (it costs ~10 MB
 * of resident memory).
 * The provider is passed explicitly, never registered with {@link java.security.Security}. Any failure
 * (another OS or CPU, no temp dir, a wrong answer) leaves Java digests and one log line.
 *
 * <p>Process-wide, like the native library: {@code awsemu.nativeDigests} = {@code auto} (load under C1
 * alone, where it pays; C2's intrinsics are about as fast) or {@code off}.
 */
public final class NativeDigests {
    private static final Logger log = LoggerFactory.getLogger(NativeDigests.class);
    private static final String[] ALGORITHMS = {"SHA-256", "MD5", "SHA-1"};

    /** A body at least this long is worth the native digests. */
    public static final long BULK_BYTES = 1 << 20;
    /**
     * Bytes hashed by all bodies together (small PUTs, SQS batches, ...) after which the native digests are
     * worth loading too: a server busy with uploads of any size, whose next large body then starts native.
     */
    public static final long BULK_TOTAL_BYTES = 8L << 20;
    /** Counted under C1 in {@code auto} mode until the load starts, then no more. */
    private static final AtomicLong totalHashed = new AtomicLong();

    private static volatile boolean enabled = true;
    private static final AtomicBoolean loadStarted = new AtomicBoolean();
    /** Set once the provider loaded and gave the JDK's answers; null until then or for good. */
    private static volatile Provider provider;

    private NativeDigests() {}

    /** {@code auto} or {@code off} (case-insensitive), from {@code awsemu.nativeDigests}. */
    public static void configure(String mode) {
        switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> enabled = true;
            case "off" -> enabled = false;
            default -> throw new IllegalArgumentException("awsemu.nativeDigests must be auto or off, not '" + mode + "'");
        }
    }

    public static MessageDigest sha256() {
        MessageDigest d = nativeDigest("SHA-256");
        return d != null ? d : Sha256.newDigest();
    }

    public static MessageDigest md5() {
        MessageDigest d = nativeDigest("MD5");
        return d != null ? d : jdk("MD5");
    }

    public static MessageDigest sha1() {
        MessageDigest d = nativeDigest("SHA-1");
        return d != null ? d : jdk("SHA-1");
    }

    /**
     * For a digest that is reused message after message (a chunk signature chain): a native one of the
     * same algorithm once they are ready, else {@code current}. Call only between messages.
     */
    public static MessageDigest upgrade(MessageDigest current) {
        Provider p = ready();
        if (p == null || current.getProvider() == p) return current;
        MessageDigest d = nativeDigest(current.getAlgorithm());
        return d != null ? d : current;
    }

    /**
     * A bulk body is being hashed: the first call (in {@code auto} mode under C1 alone) starts loading the
     * native digests on a daemon thread. Never blocks; cheap to call again.
     */
    public static void bulkAhead() {
        if (!enabled || provider != null || loadStarted.get() || !Sha256.c1Only()) return;
        if (!loadStarted.compareAndSet(false, true)) return;
        Thread t = new Thread(NativeDigests::loadNow, "awsemu-native-digests");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Adds {@code n} to a body's hashed-byte count and calls {@link #bulkAhead} as it reaches {@link #BULK_BYTES},
     * or as all bodies' hashed bytes together reach {@link #BULK_TOTAL_BYTES}.
     */
    public static long hashed(long before, int n) {
        long after = before + n;
        if (!enabled || loadStarted.get() || !Sha256.c1Only()) return after;
        if (before < BULK_BYTES && after >= BULK_BYTES || totalHashed.addAndGet(n) >= BULK_TOTAL_BYTES) bulkAhead();
        return after;
    }

    /** True when the digests handed out now are native. */
    public static boolean isNative() {
        return ready() != null;
    }

    private static Provider ready() {
        return enabled ? provider : null;
    }

    /** Loads and checks the provider on this thread (the loader thread, or a test); true when it is in use. */
    static synchronized boolean loadNow() {
        if (provider != null) return true;
        loadStarted.set(true);
        long t0 = System.nanoTime();
        try {
            Provider p = Accp.load();
            String wrong = wrongAnswer(p);
            if (wrong != null) {
                log.warn("native digests disagree with the JDK's on {}, using Java digests", wrong);
                return false;
            }
            provider = p;
            log.info("native digests ready in {} ms ({})", (System.nanoTime() - t0) / 1_000_000, Accp.version(p));
            return true;
        } catch (Throwable e) { // LinkageError off linux-x86_64, RuntimeCryptoException from a failed self-test
            log.info("native digests unavailable, using Java digests: {}", e.toString());
            return false;
        }
    }

    /** Touches ACCP's classes; a class of its own so that nothing loads them before {@link #loadNow}. */
    private static final class Accp {
        static Provider load() throws Throwable {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = accp.getLoadingError();
            if (error != null) throw error;
            accp.assertHealthy();
            return accp;
        }

        static String version(Provider p) {
            AmazonCorrettoCryptoProvider accp = (AmazonCorrettoCryptoProvider) p;
            return "ACCP " + accp.getVersionStr() + ", " + accp.getAwsLcVersionStr();
        }
    }

    /** The first algorithm whose native digest differs from the JDK's over odd lengths and splits; null if none. */
    private static String wrongAnswer(Provider p) throws NoSuchAlgorithmException {
        SplittableRandom random = new SplittableRandom(0x5eedL);
        byte[] data = new byte[70_001];
        random.nextBytes(data);
        for (String alg : ALGORITHMS) {
            MessageDigest n = MessageDigest.getInstance(alg, p);
            MessageDigest j = MessageDigest.getInstance(alg);
            for (int len : new int[] {0, 1, 55, 56, 64, 65, 8191, data.length}) {
                for (int off = 0; off < len; ) {
                    int step = Math.min(len - off, 1 + random.nextInt(20_000));
                    n.update(data, off, step);
                    j.update(data, off, step);
                    off += step;
                }
                if (!Arrays.equals(n.digest(), j.digest())) return alg;
            }
        }
        return null;
    }

    /** The native digest, or null when not ready (or, never seen, when the provider refuses one it checked). */
    private static MessageDigest nativeDigest(String alg) {
        Provider p = ready();
        if (p == null) return null;
        try {
            return MessageDigest.getInstance(alg, p);
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            return null;
        }
    }

    private static MessageDigest jdk(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + alg, e);
        }
    }
}
