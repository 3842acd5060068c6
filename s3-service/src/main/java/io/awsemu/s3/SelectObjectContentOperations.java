package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.select.RecordReader;
import io.awsemu.s3.select.RecordWriter;
import io.awsemu.s3.select.SelectQuery;
import io.awsemu.s3.select.SelectRequest;
import io.awsemu.s3.select.SelectStream;
import io.awsemu.s3.select.parquet.RandomAccessSource;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * SelectObjectContent ({@code POST /key?select&select-type=2}): an SQL expression run over a CSV, JSON or Parquet object, its
 * rows sent back as an event stream (Records, Progress when asked, Stats, End; an error met while streaming is an
 * error event). The request and the SQL are checked before anything is sent, so their errors are ordinary 400s. The
 * object is read as the answer is written: a piece of output at a time, never the whole object in memory.
 */
public final class SelectObjectContentOperations {
    private final ObjectEngine engine;

    public SelectObjectContentOperations(ObjectEngine engine) {
        this.engine = engine;
    }

    public void bindTo(S3Router router) {
        router.bind("SelectObjectContent", this::selectObjectContent);
    }

    public AwsResponse selectObjectContent(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        if (!"2".equals(ctx.request().queryParam("select-type"))) {
            throw S3Errors.invalidRequest("The select-type parameter must be 2");
        }
        byte[] bytes = body.bytes();
        ObjectOperations.verifySmallBody(ctx.request(), bytes);
        SelectRequest request = SelectRequest.parse(bytes);
        SelectQuery query = SelectQuery.parse(request.expression());
        RecordWriter writer = RecordWriter.of(request);
        return ObjectEngine.lookingAgainIfReplaced(() -> {
            StoredObject o = engine.get(ctx.accountId(), t.bucket(), t.key(), null);
            ServerSideEncryption.checkRead(o.headers(), ctx.request()::header, ServerSideEncryption.CUSTOMER);
            engine.checkReadable(o);
            ObjectEngine.Ranges ranges = engine.ranges(o);
            AwsResponse r = S3Responses.empty(ctx, 200);
            r.headers().remove("Content-Length");
            SelectStream.Opener records = request.format() == SelectRequest.Format.PARQUET
                    ? () -> parquet(o.size(), ranges, request, query)
                    : () -> RecordReader.open(ranges.open(0, o.size()), request, o.size(), query.fields());
            return new AwsResponse(r.status(), r.headers(), new ResponseBody.Stream(ResponseBody.Stream.UNKNOWN_LENGTH,
                    () -> new SelectStream(records, query.start(engine.clock()), writer, request.requestProgress())));
        });
    }

    /**
     * A Parquet object is read where its footer and pages are, not front to back, and only the columns the query
     * reads. The object's blobs are held while the select runs, so a write replacing the object meanwhile cannot take
     * away the bytes the positioned reads still need.
     */
    private static RecordReader parquet(long size, ObjectEngine.Ranges ranges, SelectRequest request, SelectQuery query) {
        BlobStore.Hold hold = ranges.hold();
        try {
            return RecordReader.openParquet(new ObjectBytes(size, ranges), request, query.fields(), hold::close);
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    /** Positioned reads of an object's bytes. */
    private record ObjectBytes(long size, ObjectEngine.Ranges ranges) implements RandomAccessSource {
        @Override
        public void readFully(long position, byte[] b, int off, int len) throws IOException {
            if (position < 0 || len < 0 || position + len > size) {
                throw new EOFException("read of " + len + " bytes at " + position + " in an object of " + size);
            }
            if (len == 0) return;
            try (InputStream in = ranges.open(position, len)) {
                if (in.readNBytes(b, off, len) != len) throw new EOFException("object ended early at " + position);
            } catch (RuntimeException e) { // the blob store's own failure: the object's, never the file format's
                throw new IOException("reading " + len + " bytes at " + position, e);
            }
        }
    }
}
