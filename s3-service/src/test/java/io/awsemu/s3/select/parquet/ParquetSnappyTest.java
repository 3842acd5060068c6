package io.awsemu.s3.select.parquet;

import io.awsemu.s3.select.SelectException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The raw Snappy decoder on hand-made blocks: every element kind, overlapping copies, and what it refuses. */
class ParquetSnappyTest {
    private static byte[] decode(byte[] block, int size) {
        byte[] out = new byte[size];
        Snappy.decompress(block, 0, block.length, out, size);
        return out;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void overlappingCopiesMakeRuns() {
        // literal "ab", then copy-2 (offset 2, length 60): "abab..." 62 bytes
        byte[] block = bytes(62, 1 << 2, 'a', 'b', (59 << 2) | 2, 2, 0);
        assertEquals("ab".repeat(31), new String(decode(block, 62), StandardCharsets.US_ASCII));
        // literal "z", then copy-1 (offset 1, length 11) four times: a run of 45 z's
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(45);
        b.writeBytes(bytes(0, 'z'));
        for (int i = 0; i < 4; i++) b.writeBytes(bytes((7 << 2) | 1, 1));
        assertEquals("z".repeat(45), new String(decode(b.toByteArray(), 45), StandardCharsets.US_ASCII));
        // copy-4 (offset 3, length 64) over "xyz"
        byte[] four = bytes(67, 2 << 2, 'x', 'y', 'z', (63 << 2) | 3, 3, 0, 0, 0);
        assertEquals(("xyz".repeat(23)).substring(0, 67), new String(decode(four, 67), StandardCharsets.US_ASCII));
    }

    @Test
    void longLiterals() {
        byte[] text = "0123456789".repeat(30).getBytes(StandardCharsets.US_ASCII); // 300 bytes: a 2-byte length
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bytes(0xAC, 0x02)); // varint 300
        b.writeBytes(bytes(61 << 2, (300 - 1) & 0xFF, (300 - 1) >>> 8));
        b.writeBytes(text);
        assertArrayEquals(text, decode(b.toByteArray(), 300));
    }

    @Test
    void refusesBadBlocks() {
        byte[][] bad = {
                bytes(4, (3 << 2) | 1, 0),             // copy before any output
                bytes(6, 0, 'a', (1 << 2) | 1, 2),     // offset beyond what was written
                bytes(5, 0, 'a', (7 << 2) | 1, 0),     // offset 0
                bytes(10, 4 << 2, 'a'),                // literal cut short
                bytes(3, 0, 'a'),                      // shorter than announced
                bytes(1, 4 << 2, 'a', 'b', 'c', 'd', 'e'), // longer than announced
                bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x7F),   // length varint too long
        };
        for (byte[] block : bad) {
            SelectException e = assertThrows(SelectException.class, () -> decode(block, block[0] & 0x7F));
            assertEquals("ParquetParsingError", e.code());
        }
    }
}
