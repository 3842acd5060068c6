package io.awsemu.s3.select;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The event stream SelectObjectContent answers with, made as it is read: each read that finds nothing pending reads
 * records of the object until about {@link #RECORDS_EVENT} bytes of output are ready (or the object, or LIMIT, ends) and
 * turns them into a Records event (with a Progress event when the request asked for them). After the last records come
 * the aggregate row, if the query has one, then Stats and End. A {@link SelectException} met on the way (a CAST that
 * fails, a malformed CSV or JSON record) ends the stream with an error event after the records made before it; an
 * {@link IOException} reading the object is thrown, and the connection is cut.
 *
 * <p>One read does at most {@link #SLICE_NANOS} of work: a query that matches little of a large object would otherwise
 * hold the thread that reads it (a worker for the first piece, then one of the few body-read threads every streamed
 * answer shares) for the whole scan, and send nothing meanwhile. A slice that made no records sends a Cont event, S3's
 * keep-alive. {@link #available()} is what is made already, so the front end sends each slice's events as they come.
 */
public final class SelectStream extends InputStream {
    private static final Logger log = LoggerFactory.getLogger(SelectStream.class);
    /** Output bytes per Records event. */
    static final int RECORDS_EVENT = 64 * 1024;
    /** The most work one read does before it sends what it has (a Cont event when it has nothing). */
    static final long SLICE_NANOS = 100_000_000L;

    /** Opens the object's records (called once, on the first read). */
    @FunctionalInterface
    public interface Opener {
        RecordReader open() throws IOException;
    }

    private final Opener opener;
    private final SelectQuery.Execution execution;
    private final RecordWriter writer;
    private final boolean progress;
    private final ByteArrayOutputStream rows = new ByteArrayOutputStream();
    private RecordReader reader;
    private byte[] pending = new byte[0];
    private int pos;
    private boolean finished;
    private long returned;

    public SelectStream(Opener opener, SelectQuery.Execution execution, RecordWriter writer, boolean progress) {
        this.opener = opener;
        this.execution = execution;
        this.writer = writer;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (pos == pending.length) {
            if (finished) return -1;
            produce();
        }
        int n = Math.min(len, pending.length - pos);
        System.arraycopy(pending, pos, b, off, n);
        pos += n;
        return n;
    }

    private void produce() throws IOException {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        try {
            long start = System.nanoTime();
            if (reader == null) reader = opener.open();
            boolean end = false;
            while (rows.size() < RECORDS_EVENT && !execution.done()) {
                if (System.nanoTime() - start > SLICE_NANOS) break;
                InputRecord record = reader.next();
                if (record == null) {
                    end = true;
                    break;
                }
                for (OutputRow row : execution.acceptAll(record)) writer.write(row, rows); // a FROM path may give several
            }
            end |= execution.done();
            if (end) {
                OutputRow last = execution.finish();
                if (last != null) writer.write(last, rows);
            }
            records(events);
            if (progress) events.write(EventStream.progress(scanned(), processed(), returned));
            if (end) {
                events.write(EventStream.stats(scanned(), processed(), returned));
                events.write(EventStream.end());
                finished = true;
            } else if (events.size() == 0) {
                events.write(EventStream.cont());
            }
        } catch (SelectException e) {
            records(events);
            events.write(EventStream.error(e.code(), e.getMessage()));
            finished = true;
        } catch (UncheckedIOException e) { // the object's own stream failed (RecordReader)
            throw e.getCause();
        } catch (RuntimeException e) { // a defect here: S3's answer to one, rather than a connection cut mid-stream
            log.warn("S3 Select failed while streaming", e);
            records(events);
            events.write(EventStream.error("InternalError", "We encountered an internal error. Please try again."));
            finished = true;
        }
        pending = events.toByteArray();
        pos = 0;
    }

    /** The bytes made already: a read of up to this many does no work. */
    @Override
    public int available() {
        return pending.length - pos;
    }

    private void records(ByteArrayOutputStream events) throws IOException {
        if (rows.size() == 0) return;
        byte[] payload = rows.toByteArray();
        rows.reset();
        returned += payload.length;
        events.write(EventStream.records(payload));
    }

    private long scanned() {
        return reader == null ? 0 : reader.bytesScanned();
    }

    private long processed() {
        return reader == null ? 0 : reader.bytesProcessed();
    }

    @Override
    public void close() throws IOException {
        finished = true;
        if (reader != null) reader.close();
    }
}
