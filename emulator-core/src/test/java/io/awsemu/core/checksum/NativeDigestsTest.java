package io.awsemu.core.checksum;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.Security;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The factory's digests give the JDK's answers, native and Java alike. The native half needs ACCP's
 * library, which is bundled for Linux x86-64 only: there it must load; on any other platform that half is
 * skipped (the fallback half still runs).
 */
class NativeDigestsTest {
    private static final String ACCP = "AmazonCorrettoCryptoProvider";
    private static final boolean BUNDLED_PLATFORM = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
            && System.getProperty("os.arch").matches("amd64|x86_64");

    @AfterEach
    void backToAuto() {
        NativeDigests.configure("auto");
    }

    @Test
    void nativeDigestsEqualTheJdksOverRandomSplits() throws Exception {
        loadNativeOrSkip();
        assertTrue(NativeDigests.isNative());
        assertSameAnswers("SHA-256", NativeDigests::sha256, true);
        assertSameAnswers("MD5", NativeDigests::md5, true);
        assertSameAnswers("SHA-1", NativeDigests::sha1, true);
    }

    @Test
    void offGivesJavaDigestsEvenWhenNativeOnesAreLoaded() throws Exception {
        NativeDigests.loadNow(); // whether or not it loads here, off must not hand it out
        NativeDigests.configure("OFF");
        assertFalse(NativeDigests.isNative());
        assertSameAnswers("SHA-256", NativeDigests::sha256, false);
        assertSameAnswers("MD5", NativeDigests::md5, false);
        assertSameAnswers("SHA-1", NativeDigests::sha1, false);
        NativeDigests.bulkAhead(); // a no-op when off
        assertFalse(NativeDigests.isNative());
    }

    @Test
    void aReusedJavaDigestIsSwappedForANativeOneBetweenMessages() throws Exception {
        NativeDigests.configure("off");
        MessageDigest java = NativeDigests.sha256();
        assertSame(java, NativeDigests.upgrade(java), "nothing native to swap in");
        NativeDigests.configure("auto");
        loadNativeOrSkip();
        MessageDigest upgraded = NativeDigests.upgrade(java);
        assertEquals(ACCP, upgraded.getProvider().getName());
        assertEquals("SHA-256", upgraded.getAlgorithm());
        assertSame(upgraded, NativeDigests.upgrade(upgraded));
    }

    @Test
    void checksumsUseTheFactory() throws Exception {
        loadNativeOrSkip();
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), Checksums.compute(ChecksumAlgorithm.SHA256, data));
        assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(data), Checksums.compute(ChecksumAlgorithm.SHA1, data));
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(data), Checksums.md5(data));
    }

    @Test
    void theProviderIsNeverRegisteredGlobally() {
        NativeDigests.loadNow();
        assertNull(Security.getProvider(ACCP));
        for (var p : Security.getProviders()) assertNotEquals(ACCP, p.getName());
    }

    @Test
    void bulkCountingCrossesTheThresholdOnce() {
        assertEquals(NativeDigests.BULK_BYTES - 1, NativeDigests.hashed(0, (int) NativeDigests.BULK_BYTES - 1));
        assertEquals(NativeDigests.BULK_BYTES + 9, NativeDigests.hashed(NativeDigests.BULK_BYTES - 1, 10));
    }

    @Test
    void unknownModesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeDigests.configure("on"));
        assertTrue(e.getMessage().contains("awsemu.nativeDigests"), e.getMessage());
    }

    private static void loadNativeOrSkip() {
        boolean loaded = NativeDigests.loadNow();
        if (BUNDLED_PLATFORM) {
            assertTrue(loaded, "ACCP's library is bundled for Linux x86-64 and must load here");
        } else {
            assumeTrue(loaded, "ACCP has no library for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
    }

    /** Random lengths (0, block edges, large) fed in random splits, against the JDK's own provider. */
    private static void assertSameAnswers(String alg, Supplier<MessageDigest> factory, boolean nativeExpected) throws Exception {
        Random random = new Random(alg.hashCode());
        byte[] data = new byte[3 << 20];
        random.nextBytes(data);
        int[] lengths = {0, 1, 63, 64, 65, 4096, 100_003, data.length, random.nextInt(data.length), random.nextInt(data.length)};
        for (int len : lengths) {
            MessageDigest d = factory.get();
            assertEquals(nativeExpected, ACCP.equals(d.getProvider() == null ? null : d.getProvider().getName()),
                    alg + " from " + d.getProvider());
            for (int off = 0; off < len; ) {
                int step = Math.min(len - off, random.nextInt(4) == 0 ? 1 + random.nextInt(7) : 1 + random.nextInt(300_000));
                d.update(data, off, step);
                off += step;
            }
            MessageDigest jdk = MessageDigest.getInstance(alg, "SUN");
            jdk.update(data, 0, len);
            assertArrayEquals(jdk.digest(), d.digest(), alg + " of " + len + " bytes");
        }
    }
}
