package io.awsemu.s3;

import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.StoredObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What one request did to objects, in the words of S3 event notifications: handlers record here,
 * {@link EventNotifications} delivers once the request succeeded.
 */
final class ObjectEvents {
    /**
     * @param name      the event name without "s3:" (ObjectCreated:Put, ObjectRemoved:DeleteMarkerCreated, ...)
     * @param size      bytes, or -1 for removals
     * @param etag      unquoted, or null for removals
     * @param versionId the version written or removed, or null for an unversioned bucket
     */
    record Event(String name, String bucket, String key, long size, String etag, String versionId) {}

    private final List<Event> events = new ArrayList<>(); // one request's handler, one thread

    List<Event> events() {
        return List.copyOf(events);
    }

    /** ObjectCreated:{@code how} (Put, Post, Copy, CompleteMultipartUpload) of {@code o}. */
    static void created(RequestContext ctx, String how, StoredObject o) {
        of(ctx).events.add(new Event("ObjectCreated:" + how, o.bucket(), o.key(), o.size(), o.etag(), o.versionId()));
    }

    /**
     * ObjectRemoved:DeleteMarkerCreated when a delete without version id made a marker; ObjectRemoved:Delete
     * otherwise, a delete marker removed by its version id included.
     *
     * @param versionIdAsked the version id the delete named, or null
     */
    static void removed(RequestContext ctx, String bucket, String key, String versionIdAsked, ObjectEngine.DeleteResult d) {
        boolean markerCreated = versionIdAsked == null && d.deleteMarker();
        of(ctx).events.add(new Event(markerCreated ? "ObjectRemoved:DeleteMarkerCreated" : "ObjectRemoved:Delete",
                bucket, key, -1, null, d.versionId()));
    }

    private static ObjectEvents of(RequestContext ctx) {
        ObjectEvents e = ctx.attached(ObjectEvents.class);
        if (e == null) ctx.attach(ObjectEvents.class, e = new ObjectEvents());
        return e;
    }
}
