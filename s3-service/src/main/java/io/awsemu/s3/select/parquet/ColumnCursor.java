package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import io.awsemu.s3.select.parquet.Metadata.ColumnMetaData;
import io.awsemu.s3.select.parquet.Metadata.PageHeader;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static io.awsemu.s3.select.parquet.Metadata.BOOLEAN;
import static io.awsemu.s3.select.parquet.Metadata.BYTE_ARRAY;
import static io.awsemu.s3.select.parquet.Metadata.DATA_PAGE;
import static io.awsemu.s3.select.parquet.Metadata.DATA_PAGE_V2;
import static io.awsemu.s3.select.parquet.Metadata.DICTIONARY_PAGE;
import static io.awsemu.s3.select.parquet.Metadata.FIXED_LEN_BYTE_ARRAY;
import static io.awsemu.s3.select.parquet.Metadata.INT32;
import static io.awsemu.s3.select.parquet.Metadata.INT64;
import static io.awsemu.s3.select.parquet.ParquetErrors.parquetParsingError;

/**
 * One column of one row group, read a page at a time: it hands out each row's (last) definition level and value.
 * In memory: the current page (compressed and decompressed) and the column's dictionary.
 */
final class ColumnCursor {
    /** The largest page, compressed or not, the reader accepts: more is taken for corruption. */
    static final int MAX_PAGE_SIZE = 64 << 20;
    /** The largest page header (its statistics hold min and max values). */
    static final int MAX_PAGE_HEADER = 16 << 20;
    private static final int FIRST_HEADER_READ = 4096;

    /** Bytes read from the object and bytes of pages decoded, shared by the reader and its cursors. */
    static final class Counters {
        long scanned, processed;
        /** The reader's share of what all Parquet reads may hold at once; its cursors charge their buffers here. */
        final MemoryBudget memory;

        Counters(MemoryBudget memory) {
            this.memory = memory;
        }
    }

    private final RandomAccessSource in;
    private final Schema.Leaf leaf;
    private final ColumnMetaData meta;
    private final Counters counters;
    private long pos;
    private final long end;
    private long valuesSeen;
    private byte[] raw = new byte[0], plain = new byte[0], header = new byte[0];
    private Decoders.Dictionary dict;
    private boolean dataSeen;

    // the current page
    private int left;
    private Decoders.Ints rep = Decoders.ZERO, def = Decoders.ZERO;
    private byte[] valueBytes;
    private int valueOff, valueEnd, encoding;
    private Decoders.Values values;
    private int nextRep;

    /** The row just read: its definition level and, when that is the column's max, its value. */
    int rowDef;
    JsonNode rowValue;

    ColumnCursor(RandomAccessSource in, Schema.Leaf leaf, ColumnMetaData meta, long start, long end, Counters counters) {
        this.in = in;
        this.leaf = leaf;
        this.meta = meta;
        this.pos = start;
        this.end = end;
        this.counters = counters;
    }

    /** Reads the next row's entries; with repeated fields, keeps the last. */
    void readRow() throws IOException {
        if (!ensure()) throw parquetParsingError("column " + leaf.name() + " has fewer values than the row group has rows");
        if (nextRep != 0) throw parquetParsingError("row does not start at repetition level 0");
        readEntry();
        if (leaf.repLevel() > 0) {
            while (ensure() && nextRep != 0) readEntry();
        }
    }

    /** After the row group's last row: the column must have no values left. */
    void finish() {
        if (left != 0 || valuesSeen != meta.numValues()) throw parquetParsingError("column " + leaf.name() + " has more values than rows");
    }

    private void readEntry() {
        int d = def.next();
        if (d > leaf.defLevel()) throw parquetParsingError("definition level " + d + " over " + leaf.defLevel());
        rowDef = d;
        rowValue = d == leaf.defLevel() ? values().next() : null;
        left--;
        if (left > 0 && leaf.repLevel() > 0) nextRep = repLevel();
    }

    private int repLevel() {
        int r = rep.next();
        if (r > leaf.repLevel()) throw parquetParsingError("repetition level " + r + " over " + leaf.repLevel());
        return r;
    }

    private Decoders.Values values() {
        if (values == null) values = valueDecoder();
        return values;
    }

    private boolean ensure() throws IOException {
        while (left == 0) {
            if (valuesSeen >= meta.numValues()) return false;
            if (pos >= end) throw parquetParsingError("column " + leaf.name() + " ends before its " + meta.numValues() + " values");
            readPage();
        }
        return true;
    }

    private void readPage() throws IOException {
        PageHeader h = pageHeader();
        int csize = h.compressedSize(), usize = h.uncompressedSize();
        if (csize > end - pos) throw parquetParsingError("page runs past its column chunk");
        if (csize > MAX_PAGE_SIZE || usize > MAX_PAGE_SIZE) throw parquetParsingError("page over " + MAX_PAGE_SIZE + " bytes");
        if (h.type() != DATA_PAGE && h.type() != DATA_PAGE_V2 && h.type() != DICTIONARY_PAGE) { // index page, or newer
            pos += csize;
            return;
        }
        if (raw.length < csize) raw = grow(raw, csize);
        in.readFully(pos, raw, 0, csize);
        pos += csize;
        counters.scanned += csize;
        counters.processed += usize;
        if (h.type() == DICTIONARY_PAGE) {
            if (dict != null || dataSeen) throw parquetParsingError("dictionary page out of place");
            byte[] b = decompress(raw, 0, csize, usize);
            if (h.encoding() != Metadata.PLAIN && h.encoding() != Metadata.PLAIN_DICTIONARY) throw parquetParsingError("dictionary encoding " + h.encoding());
            counters.memory.charge(Decoders.Dictionary.footprint(usize, h.numValues()));
            dict = new Decoders.Dictionary(b, 0, usize, h.numValues(), leaf);
            return;
        }
        dataSeen = true;
        int n = h.numValues();
        if (n < 0 || n > meta.numValues() - valuesSeen) throw parquetParsingError("page has more values than its column chunk");
        int maxRep = leaf.repLevel(), maxDef = leaf.defLevel();
        if (h.type() == DATA_PAGE) {
            byte[] b = decompress(raw, 0, csize, usize);
            int p = 0;
            if (maxRep > 0) p = levels(b, p, usize, h.repEncoding(), maxRep, n, true);
            if (maxDef > 0) p = levels(b, p, usize, h.defEncoding(), maxDef, n, false);
            valueBytes = b;
            valueOff = p;
            valueEnd = usize;
        } else {
            int repLen = h.repLength(), defLen = h.defLength();
            if (repLen < 0 || defLen < 0 || (long) repLen + defLen > Math.min(csize, usize)) throw parquetParsingError("page v2 level lengths");
            rep = maxRep > 0 ? new Decoders.Rle(raw, 0, repLen, Decoders.bitWidth(maxRep)) : Decoders.ZERO;
            def = maxDef > 0 ? new Decoders.Rle(raw, repLen, repLen + defLen, Decoders.bitWidth(maxDef)) : Decoders.ZERO;
            int levels = repLen + defLen, bodySize = usize - levels;
            if (h.compressed()) {
                valueBytes = decompress(raw, levels, csize, bodySize);
                valueOff = 0;
                valueEnd = bodySize;
            } else {
                if (csize != usize) throw parquetParsingError("uncompressed page v2 of two sizes");
                valueBytes = raw;
                valueOff = levels;
                valueEnd = csize;
            }
        }
        encoding = h.encoding();
        values = null;
        valuesSeen += n;
        left = n;
        nextRep = 0;
        if (n > 0 && maxRep > 0) nextRep = repLevel();
    }

    /** Sets up a v1 page's levels at {@code p}, returning where what follows them starts. */
    private int levels(byte[] b, int p, int end, int encoding, int max, int n, boolean repetition) {
        int width = Decoders.bitWidth(max);
        Decoders.Ints ints;
        int next;
        if (encoding == Metadata.RLE) {
            if (end - p < 4) throw parquetParsingError("levels ended");
            int len = Decoders.le32(b, p);
            if (len < 0 || len > end - p - 4) throw parquetParsingError("levels of " + len + " bytes");
            ints = new Decoders.Rle(b, p + 4, p + 4 + len, width);
            next = p + 4 + len;
        } else if (encoding == Metadata.BIT_PACKED) {
            long len = ((long) n * width + 7) / 8;
            if (len > end - p) throw parquetParsingError("levels ended");
            ints = new Decoders.BitPacked(b, p, p + (int) len, width);
            next = p + (int) len;
        } else {
            throw parquetParsingError("level encoding " + encoding);
        }
        if (repetition) rep = ints;
        else def = ints;
        return next;
    }

    private Decoders.Values valueDecoder() {
        byte[] b = valueBytes;
        int off = valueOff, end = valueEnd, physical = leaf.physical();
        return switch (encoding) {
            case Metadata.PLAIN -> Decoders.plain(b, off, end, leaf);
            case Metadata.PLAIN_DICTIONARY, Metadata.RLE_DICTIONARY -> {
                if (dict == null) throw parquetParsingError("dictionary-encoded page without a dictionary");
                yield Decoders.dictionary(b, off, end, dict);
            }
            case Metadata.RLE -> {
                if (physical != BOOLEAN) throw parquetParsingError("RLE values of physical type " + physical);
                yield Decoders.rleBooleans(b, off, end, leaf.mapper());
            }
            case Metadata.DELTA_BINARY_PACKED -> {
                if (physical != INT32 && physical != INT64) throw parquetParsingError("DELTA_BINARY_PACKED of physical type " + physical);
                yield Decoders.deltaBinaryPacked(b, off, end, leaf);
            }
            case Metadata.DELTA_LENGTH_BYTE_ARRAY -> {
                if (physical != BYTE_ARRAY) throw parquetParsingError("DELTA_LENGTH_BYTE_ARRAY of physical type " + physical);
                yield Decoders.deltaLengthByteArray(b, off, end, leaf.mapper());
            }
            case Metadata.DELTA_BYTE_ARRAY -> {
                if (physical != BYTE_ARRAY && physical != FIXED_LEN_BYTE_ARRAY) throw parquetParsingError("DELTA_BYTE_ARRAY of physical type " + physical);
                yield Decoders.deltaByteArray(b, off, end, leaf);
            }
            case Metadata.BYTE_STREAM_SPLIT -> Decoders.byteStreamSplit(b, off, end, leaf);
            default -> throw parquetParsingError("encoding " + encoding);
        };
    }

    /** Reads a page header of unknown length: a first guess, then larger reads while the header is cut short. */
    private PageHeader pageHeader() throws IOException {
        long remaining = end - pos;
        int want = (int) Math.min(remaining, FIRST_HEADER_READ);
        while (true) {
            if (header.length < want) header = grow(header, want);
            in.readFully(pos, header, 0, want);
            Thrift t = new Thrift(header, 0, want);
            try {
                PageHeader h = Metadata.pageHeader(t);
                pos += t.position();
                counters.scanned += t.position();
                return h;
            } catch (Thrift.Underflow u) {
                if (want >= remaining || want >= MAX_PAGE_HEADER) throw parquetParsingError("page header cut short");
                want = (int) Math.min(remaining, Math.min((long) want * 8, MAX_PAGE_HEADER));
            }
        }
    }

    private byte[] decompress(byte[] src, int off, int end, int size) {
        int len = end - off;
        switch (meta.codec()) {
            case Metadata.UNCOMPRESSED -> {
                if (len != size) throw parquetParsingError("uncompressed page of two sizes");
                if (off == 0) return src;
                byte[] out = buffer(size);
                System.arraycopy(src, off, out, 0, size);
                return out;
            }
            case Metadata.SNAPPY -> {
                // one snappy element of 1 to 5 bytes makes at most 64: a page claiming more is corrupt
                if (size > 64L * len) throw parquetParsingError("snappy page claims " + size + " bytes from " + len);
                byte[] out = buffer(size);
                Snappy.decompress(src, off, end, out, size);
                return out;
            }
            case Metadata.GZIP -> {
                byte[] out = buffer(size);
                gunzip(src, off, len, out, size);
                return out;
            }
            default -> throw new IllegalStateException("codec " + meta.codec()); // refused when the file was opened
        }
    }

    private byte[] buffer(int size) {
        if (plain.length < size) plain = grow(plain, size);
        return plain;
    }

    /** A larger buffer in place of {@code old}, charged to the budget (the old one is no longer held). */
    private byte[] grow(byte[] old, int size) {
        counters.memory.charge(size - old.length);
        return new byte[size];
    }

    /** GZIP members (header, deflate data, trailer), inflated into exactly {@code size} bytes. */
    private static void gunzip(byte[] src, int off, int len, byte[] out, int size) {
        int p = off, end = off + len, o = 0;
        Inflater inflater = new Inflater(true);
        try {
            while (p < end) {
                p = gzipHeader(src, p, end);
                inflater.reset();
                inflater.setInput(src, p, end - p);
                while (!inflater.finished()) {
                    int got = inflater.inflate(out, o, size - o);
                    o += got;
                    if (got == 0 && !inflater.finished()) {
                        if (o == size) throw parquetParsingError("gzip page inflates past its size");
                        throw parquetParsingError("gzip data ended");
                    }
                }
                p = end - inflater.getRemaining() + 8; // CRC32 and ISIZE
                if (p > end) throw parquetParsingError("gzip trailer missing");
            }
        } catch (DataFormatException e) {
            throw parquetParsingError("gzip: " + e.getMessage());
        } finally {
            inflater.end();
        }
        if (o != size) throw parquetParsingError("gzip page inflates to " + o + " bytes, not " + size);
    }

    /** Skips a gzip member header (RFC 1952), returning where the deflate data starts. */
    private static int gzipHeader(byte[] b, int p, int end) {
        if (end - p < 10 || (b[p] & 0xFF) != 0x1F || (b[p + 1] & 0xFF) != 0x8B || b[p + 2] != 8) throw parquetParsingError("gzip header");
        int flags = b[p + 3] & 0xFF;
        p += 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (end - p < 2) throw parquetParsingError("gzip header");
            p += 2 + ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8);
        }
        for (int f : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & f) != 0) {
                while (p < end && b[p] != 0) p++;
                p++;
            }
        }
        if ((flags & 2) != 0) p += 2; // FHCRC
        if (p > end) throw parquetParsingError("gzip header");
        return p;
    }
}
