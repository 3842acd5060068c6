package io.awsemu.s3.select.parquet;

import io.awsemu.s3.select.SelectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.awsemu.s3.select.parquet.ParquetTesting.assertError;
import static io.awsemu.s3.select.parquet.ParquetTesting.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What S3 Select says about files it cannot read, codecs and types it does not support. */
class ParquetErrorsTest {
    @RegisterExtension
    static final ParquetTesting t = new ParquetTesting();

    @Test
    void zstdIsAnUnsupportedCodec() {
        Path file = t.write("SELECT i FROM range(10) r(i)", "COMPRESSION ZSTD");
        SelectException e = assertThrows(SelectException.class, () -> ParquetReader.open(source(file), null));
        assertEquals("ParquetUnsupportedCompressionCodec", e.code());
        assertEquals("The specified Parquet compression codec is not supported.", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "MAP {'a': 1}", "uuid()", "TIME '01:02:03'", "INTERVAL 1 DAY", "'{\"a\": 1}'::JSON",
            "{'ok': 1, 'bad': [1]}"})
    void typesS3SelectRefusesFailAtOpen(String value) {
        Path file = t.write("SELECT 1 AS fine, " + value + " AS v", "");
        SelectException e = assertThrows(SelectException.class, () -> ParquetReader.open(source(file), null));
        assertEquals("UnsupportedParquetType", e.code(), e.toString());
        assertEquals("The specified Parquet type is not supported.", e.getMessage());
    }

    @Test
    void bytesThatAreNotParquet() {
        SelectException e = assertError("ParquetParsingError", RandomAccessSource.of("a,b,c\n1,2,3\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("An error occurred while parsing the Parquet file. Check the file and try again.", e.getMessage());
        assertError("ParquetParsingError", RandomAccessSource.of(new byte[0]));
        assertError("ParquetParsingError", RandomAccessSource.of("PAR1PAR1".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] whole = Files.readAllBytes(t.write("SELECT i, 'x' || i s FROM range(1000) r(i)", ""));
        for (int cut : new int[] {1, 7, 8, 100, whole.length / 2}) {
            assertError("ParquetParsingError", RandomAccessSource.of(Arrays.copyOf(whole, whole.length - cut)));
        }
    }

    @Test
    void footerLengthPointingOutOfTheFile() throws IOException {
        byte[] b = Files.readAllBytes(t.write("SELECT 1 AS a", ""));
        for (int len : new int[] {b.length - 11, b.length, Integer.MAX_VALUE, -1, 0}) {
            byte[] bad = b.clone();
            int p = bad.length - 8;
            bad[p] = (byte) len;
            bad[p + 1] = (byte) (len >>> 8);
            bad[p + 2] = (byte) (len >>> 16);
            bad[p + 3] = (byte) (len >>> 24);
            assertError("ParquetParsingError", RandomAccessSource.of(bad));
        }
    }

    @Test
    void aFailingSourceIsAnIOExceptionNotAFormatError() throws IOException {
        byte[] b = Files.readAllBytes(t.write("SELECT i FROM range(100) r(i)", ""));
        RandomAccessSource failing = new RandomAccessSource() {
            @Override public long size() { return b.length; }
            @Override public void readFully(long position, byte[] dst, int off, int len) throws IOException {
                if (position == 4) throw new EOFException("blob store hiccup"); // the first page
                System.arraycopy(b, (int) position, dst, off, len);
            }
        };
        ParquetReader r = ParquetReader.open(failing, null);
        assertThrows(EOFException.class, r::next);
    }
}
