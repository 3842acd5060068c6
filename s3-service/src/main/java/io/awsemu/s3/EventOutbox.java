package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.LifecycleEvents;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.store.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outbox of client writes in watched buckets (event notification or replication configured). Each such write
 * (object writes and deletes, tagging, ACL, restore) journals its event in its own transaction ({@link Journal}); once
 * the answer's interceptors delivered the event and queued the replication, this one, registered after them, removes
 * the request's rows. Lifecycle expirations are journaled too, their rows removed by their sweep ({@link #lifecycle}).
 * What a crash (or a failure after the commit) left is delivered by {@link #replay}: at the next start, and now and
 * then after that.
 */
final class EventOutbox implements S3Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);
    /** A row this much older than now is no answer's to deliver any more: its request ended without removing it. */
    static final long STUCK_MILLIS = 60_000;
    private static final int BATCH = 100;

    private final OutboxStore store;
    private final long started = System.currentTimeMillis();
    private final AtomicBoolean replaying = new AtomicBoolean();
    private EventNotifications events;
    private ObjectReplication replication;

    EventOutbox(OutboxStore store) {
        this.store = store;
    }

    /** What delivers the rows: the router's own interceptors; {@code replication} null when it is not carried out. */
    EventOutbox deliverWith(EventNotifications events, ObjectReplication replication) {
        this.events = events;
        this.replication = replication;
        return this;
    }

    /**
     * The lifecycle sweeps' events through {@code events}, their expirations journaled. A sweep has no request, so
     * each pass over a bucket gets a request id of its own, made up ({@link SweepPass}): its rows are found by it as a
     * request's are, the events it sends show it (as the replay of its rows does), and it is never an answer's.
     */
    LifecycleEvents lifecycle(EventNotifications events) {
        return new LifecycleEvents() {
            @Override
            public void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated) {
                events.expired(bucket, key, versionId, deleteMarkerCreated);
            }

            @Override
            public void transitioned(Bucket bucket, StoredObject v) {
                events.transitioned(bucket, v);
            }

            @Override
            public LifecycleEvents sweeping(Bucket bucket) {
                return new SweepPass(events);
            }
        };
    }

    /**
     * One sweep's pass over one bucket. Its rows go after each expiration or transition was told, not only at the
     * pass's end: a pass over many objects may outlast {@link #STUCK_MILLIS}, and the replay would send its older rows
     * a second time.
     * What it journaled without telling (a version someone else removed between the sweep's scan and its removal)
     * goes at the end; after a failure or a crash the replay sends what is left.
     */
    private final class SweepPass implements LifecycleEvents {
        private final EventNotifications events;
        private final Journal journal = new Journal("LifecycleExpiration", EventNotifications.S3_PRINCIPAL,
                EventNotifications.S3_PRINCIPAL, UUID.randomUUID().toString());

        SweepPass(EventNotifications events) {
            this.events = events;
        }

        @Override
        public Journal journal() {
            return journal;
        }

        @Override
        public void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated) {
            events.expired(bucket, key, versionId, deleteMarkerCreated, journal.requestId());
            swept();
        }

        @Override
        public void transitioned(Bucket bucket, StoredObject v) {
            events.transitioned(bucket, v, journal.requestId());
            swept();
        }

        @Override
        public void swept() {
            if (!journal.wasWritten()) return;
            try {
                store.done(journal.requestId());
            } catch (RuntimeException e) {
                // the expirations and their events stand; the replay sends the events a second time (at least once)
                LOG.warn("S3 outbox rows of lifecycle sweep {} not removed", journal.requestId(), e);
            }
        }
    }

    @Override
    public void after(RequestContext ctx, AwsResponse response) {
        Journal j = ctx.attached(Journal.class);
        // an error answer delivered nothing: its rows wait for the replay
        if (j == null || !j.wasWritten() || response.status() >= 300) return;
        try {
            store.done(j.requestId());
        } catch (RuntimeException e) {
            // the write and its deliveries stand; the replay delivers its events a second time (at least once)
            LOG.warn("S3 outbox rows of request {} not removed", j.requestId(), e);
        }
    }

    /**
     * Delivers every row no answer is delivering: those of an earlier run, and those older than {@link #STUCK_MILLIS}.
     * One replay at a time; a call while one runs returns at once. @return how many rows were delivered
     */
    int replay() {
        if (!replaying.compareAndSet(false, true)) return 0;
        try {
            long now = System.currentTimeMillis();
            long before = Math.max(started, now - STUCK_MILLIS);
            int n = 0;
            while (true) {
                List<OutboxStore.Entry> batch = store.leftBefore(before, BATCH);
                if (batch.isEmpty()) return n;
                for (OutboxStore.Entry e : batch) {
                    ObjectEvents.Restore restore = e.restoreExpiryMillis() == null ? null
                            : new ObjectEvents.Restore(Instant.ofEpochMilli(e.restoreExpiryMillis()), e.restoreStorageClass());
                    ObjectEvents.Event event = new ObjectEvents.Event(e.event(), e.bucket(), e.key(), e.size(), e.etag(),
                            e.versionId(), restore);
                    if (!events.replay(event, e.principalId(), e.sourceIp(), e.requestId(),
                            Instant.ofEpochMilli(e.createdMillis()))) {
                        // a queue should get it but SQS is not bound yet: the next replay tries again, for a while
                        if (now - started < STUCK_MILLIS) return n;
                        LOG.warn("S3 event {} of {}/{} not delivered: SQS is not running", e.event(), e.bucket(), e.key());
                    }
                    if (replication != null) replication.replicate(event);
                    store.remove(e.seq());
                    n++;
                }
            }
        } finally {
            replaying.set(false);
        }
    }
}
