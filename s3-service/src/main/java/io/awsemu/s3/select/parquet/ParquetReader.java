package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.s3.select.SelectException;
import io.awsemu.s3.select.parquet.Metadata.ColumnChunk;
import io.awsemu.s3.select.parquet.Metadata.ColumnMetaData;
import io.awsemu.s3.select.parquet.Metadata.FileMetaData;
import io.awsemu.s3.select.parquet.Metadata.RowGroup;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.awsemu.s3.select.parquet.ParquetErrors.overMaxParquetBlockSize;
import static io.awsemu.s3.select.parquet.ParquetErrors.parquetParsingError;
import static io.awsemu.s3.select.parquet.ParquetErrors.parquetUnsupportedCompressionCodec;

/**
 * Reads a Parquet object row by row for S3 Select, streaming: the columns of a row group are read in lockstep, one
 * page per column in memory at a time (plus its dictionary). Each row is an ObjectNode of the top-level columns, structs
 * as nested ObjectNodes, nulls as NullNode. Anything wrong with the file is a {@link SelectException} with S3's code;
 * a failure of the {@link RandomAccessSource} itself is an IOException.
 *
 * <p>Bounds: footer at most {@link #MAX_FOOTER}, a page at most {@link ColumnCursor#MAX_PAGE_SIZE} (compressed or not),
 * a row group's uncompressed size at most {@link #MAX_ROW_GROUP} (S3's limit, OverMaxParquetBlockSize).
 */
public final class ParquetReader implements Closeable {
    /** The largest footer (FileMetaData) read; more is taken for corruption. */
    public static final int MAX_FOOTER = 16 << 20;
    /** S3 Select's limit on a row group's uncompressed size. */
    public static final long MAX_ROW_GROUP = 512L << 20;
    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    private final RandomAccessSource in;
    private final Schema schema;
    private final List<RowGroup> groups;
    private final long dataEnd;
    private final ColumnCursor.Counters counters;
    /** Per leaf: whether the query can read it (its top-level field was asked for). */
    private final boolean[] wanted;
    private int nextGroup;
    private long rowsLeft;
    private ColumnCursor[] cursors;
    private boolean closed;

    private ParquetReader(RandomAccessSource in, Schema schema, boolean[] wanted, List<RowGroup> groups, long dataEnd,
                          ColumnCursor.Counters counters) {
        this.in = in;
        this.schema = schema;
        this.wanted = wanted;
        this.groups = groups;
        this.dataEnd = dataEnd;
        this.counters = counters;
    }

    /** Reads the footer; scanRange is null or {start, endExclusive}: only row groups whose first byte lies in it are read. */
    public static ParquetReader open(RandomAccessSource in, long[] scanRange) throws IOException {
        return open(in, scanRange, null);
    }

    /**
     * As {@link #open(RandomAccessSource, long[])}, reading only the top-level fields {@code fields} accepts (null: all
     * of them): the other columns' chunks are never read, and the rows have only those fields.
     */
    public static ParquetReader open(RandomAccessSource in, long[] scanRange, Predicate<String> fields) throws IOException {
        return open(in, scanRange, fields, new MemoryBudget());
    }

    /** As {@link #open(RandomAccessSource, long[], Predicate)}, its buffers charged to {@code memory}. */
    static ParquetReader open(RandomAccessSource in, long[] scanRange, Predicate<String> fields, MemoryBudget memory)
            throws IOException {
        try {
            return openChecked(in, scanRange, fields, memory);
        } catch (SelectException e) {
            throw e;
        } catch (RuntimeException e) { // a check missed; still the file's fault, never the caller's
            throw parquetParsingError("footer: " + e);
        }
    }

    private static ParquetReader openChecked(RandomAccessSource in, long[] scanRange, Predicate<String> fields,
                                             MemoryBudget memory) throws IOException {
        ColumnCursor.Counters counters = new ColumnCursor.Counters(memory);
        long size = in.size();
        if (size < 12) throw parquetParsingError("object of " + size + " bytes is too small");
        byte[] head = new byte[4], tail = new byte[8];
        in.readFully(0, head, 0, 4);
        in.readFully(size - 8, tail, 0, 8);
        counters.scanned += 12;
        if (!startsWithMagic(head, 0) || !startsWithMagic(tail, 4)) throw parquetParsingError("no PAR1 magic");
        long footerLen = Decoders.le32(tail, 0) & 0xFFFF_FFFFL;
        if (footerLen > size - 12 || footerLen > MAX_FOOTER) throw parquetParsingError("footer of " + footerLen + " bytes");
        byte[] footer = new byte[(int) footerLen];
        long footerStart = size - 8 - footerLen;
        in.readFully(footerStart, footer, 0, footer.length);
        counters.scanned += footerLen;
        FileMetaData fm;
        try {
            fm = Metadata.fileMetaData(new Thrift(footer, 0, footer.length));
        } catch (Thrift.Underflow e) {
            throw parquetParsingError("footer cut short");
        }
        Schema schema = Schema.of(fm.schema());
        boolean[] wanted = new boolean[schema.leaves.size()];
        for (Schema.Node top : schema.root.children()) {
            if (fields == null || fields.test(top.name())) markLeaves(top, wanted);
        }
        List<RowGroup> selected = new ArrayList<>();
        for (RowGroup g : fm.rowGroups()) {
            long first = check(g, schema, footerStart);
            if (scanRange != null && (first < scanRange[0] || first >= scanRange[1])) continue;
            if (g.totalByteSize() > MAX_ROW_GROUP) throw overMaxParquetBlockSize(g.totalByteSize());
            for (int i = 0; i < g.columns().size(); i++) {
                if (!wanted[i]) continue; // never read
                int codec = g.columns().get(i).meta().codec();
                if (codec != Metadata.UNCOMPRESSED && codec != Metadata.SNAPPY && codec != Metadata.GZIP) {
                    throw parquetUnsupportedCompressionCodec(codec < Metadata.CODECS.length && codec >= 0 ? Metadata.CODECS[codec] : "codec " + codec);
                }
            }
            selected.add(g);
        }
        return new ParquetReader(in, schema, wanted, selected, footerStart, counters);
    }

    private static void markLeaves(Schema.Node n, boolean[] wanted) {
        if (n instanceof Schema.Leaf leaf) wanted[leaf.column()] = true;
        else for (Schema.Node child : ((Schema.Group) n).children()) markLeaves(child, wanted);
    }

    /** Checks a row group's columns against the schema and the file; returns its first byte. */
    private static long check(RowGroup g, Schema schema, long dataEnd) {
        if (g.columns().size() != schema.leaves.size()) throw parquetParsingError("row group of " + g.columns().size() + " columns");
        long first = Long.MAX_VALUE;
        for (int i = 0; i < g.columns().size(); i++) {
            ColumnChunk c = g.columns().get(i);
            Schema.Leaf leaf = schema.leaves.get(i);
            ColumnMetaData m = c.meta();
            if (c.filePath() != null) throw parquetParsingError("column chunk in another file");
            if (m == null) throw parquetParsingError("column chunk without metadata (encrypted?)");
            if (m.type() != leaf.physical() || !m.path().equals(leaf.path())) throw parquetParsingError("column chunk " + m.path() + " does not match the schema");
            long start = start(m);
            if (start < 4 || m.totalCompressedSize() > dataEnd - start) throw parquetParsingError("column chunk outside the file");
            first = Math.min(first, start);
        }
        return first;
    }

    private static long start(ColumnMetaData m) {
        long d = m.dictionaryPageOffset();
        return d > 0 && d < m.dataPageOffset() ? d : m.dataPageOffset();
    }

    private static boolean startsWithMagic(byte[] b, int off) {
        for (int i = 0; i < 4; i++) if (b[off + i] != MAGIC[i]) return false;
        return true;
    }

    /** The next row as an ObjectNode (top-level column name -> value), or null at the end. */
    public ObjectNode next() throws IOException {
        if (closed) throw new IllegalStateException("closed");
        try {
            while (rowsLeft == 0) {
                if (cursors != null) {
                    for (ColumnCursor c : cursors) if (c != null) c.finish();
                    cursors = null;
                    counters.memory.releaseAll();
                }
                if (nextGroup == groups.size()) return null;
                startGroup(groups.get(nextGroup++));
            }
            for (ColumnCursor c : cursors) if (c != null) c.readRow();
            rowsLeft--;
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (Schema.Node n : schema.root.children()) if (wanted(n)) row.set(n.name(), value(n));
            return row;
        } catch (SelectException e) {
            throw e;
        } catch (RuntimeException e) { // a check missed; still the file's fault
            throw parquetParsingError("row: " + e);
        }
    }

    private void startGroup(RowGroup g) {
        List<Schema.Leaf> leaves = schema.leaves;
        cursors = new ColumnCursor[leaves.size()];
        for (int i = 0; i < cursors.length; i++) {
            if (!wanted[i]) continue;
            ColumnMetaData m = g.columns().get(i).meta();
            long start = start(m);
            cursors[i] = new ColumnCursor(in, leaves.get(i), m, start, start + m.totalCompressedSize(), counters);
        }
        rowsLeft = g.numRows();
    }

    private boolean wanted(Schema.Node n) {
        return wanted[n instanceof Schema.Leaf leaf ? leaf.column() : ((Schema.Group) n).firstLeaf()];
    }

    private ObjectNode struct(Schema.Group g) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Schema.Node n : g.children()) o.set(n.name(), value(n));
        return o;
    }

    private JsonNode value(Schema.Node n) {
        if (n instanceof Schema.Leaf leaf) {
            ColumnCursor c = cursors[leaf.column()];
            return c.rowDef == leaf.defLevel() ? c.rowValue : NullNode.instance;
        }
        Schema.Group g = (Schema.Group) n;
        return cursors[g.firstLeaf()].rowDef < g.defLevel() ? NullNode.instance : struct(g);
    }

    /** What all Parquet reads in the process hold now in pages and dictionaries, in bytes (tests, diagnostics). */
    public static long memoryHeld() {
        return MemoryBudget.pooled();
    }

    /** Bytes read from the object: the magic, the footer, page headers and pages as stored. */
    public long bytesScanned() {
        return counters.scanned;
    }

    /** Uncompressed bytes of the pages decoded. */
    public long bytesProcessed() {
        return counters.processed;
    }

    /** Drops the pages held; the source is the caller's to close. */
    @Override
    public void close() {
        closed = true;
        cursors = null;
        counters.memory.releaseAll();
    }
}
