package io.awsemu.s3;

import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.StoredObject;

import java.net.InetSocketAddress;
import java.time.Instant;
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
     * @param restore   what ObjectRestore:Completed tells of the restored copy, or null for every other event
     */
    record Event(String name, String bucket, String key, long size, String etag, String versionId, Restore restore) {}

    /** A restored copy: when it expires, and the storage class it was restored from (glacierEventData). */
    record Restore(Instant expiry, String storageClass) {}

    private final List<Event> events = new ArrayList<>(); // one request's handler, one thread

    List<Event> events() {
        return List.copyOf(events);
    }

    /** ObjectCreated:{@code how} (Put, Post, Copy, CompleteMultipartUpload) of {@code o}. */
    static void created(RequestContext ctx, String how, StoredObject o) {
        on(ctx, "ObjectCreated:" + how, o);
    }

    /**
     * An event about an existing version {@code o} that keeps its size and eTag: ObjectTagging:Put/Delete,
     * ObjectAcl:Put, ObjectRestore:Post.
     */
    static void on(RequestContext ctx, String name, StoredObject o) {
        on(ctx, name, o, null);
    }

    /** ObjectRestore:Post then, as restores complete at once here, ObjectRestore:Completed of {@code o}. */
    static void restored(RequestContext ctx, StoredObject o, Instant expiry) {
        on(ctx, "ObjectRestore:Post", o);
        on(ctx, "ObjectRestore:Completed", o, new Restore(expiry, o.storageClass()));
    }

    private static void on(RequestContext ctx, String name, StoredObject o, Restore restore) {
        of(ctx).events.add(new Event(name, o.bucket(), o.key(), o.size(), o.etag(), o.versionId(), restore));
    }

    /**
     * ObjectRemoved:DeleteMarkerCreated when a delete without version id made a marker; ObjectRemoved:Delete
     * otherwise, a delete marker removed by its version id included.
     *
     * @param versionIdAsked the version id the delete named, or null
     */
    static void removed(RequestContext ctx, String bucket, String key, String versionIdAsked, ObjectEngine.DeleteResult d) {
        of(ctx).events.add(removal("ObjectRemoved", bucket, key, d.versionId(), versionIdAsked == null && d.deleteMarker()));
    }

    /**
     * {@code family}:DeleteMarkerCreated or {@code family}:Delete (ObjectRemoved, LifecycleExpiration): no size, no eTag.
     *
     * @param versionId the version removed or the marker made, or null for an unversioned bucket
     */
    static Event removal(String family, String bucket, String key, String versionId, boolean markerCreated) {
        return new Event(Journal.removal(family, markerCreated), bucket, key, -1, null, versionId, null);
    }

    /**
     * The request's journal of {@code event} (ObjectCreated:Put, ObjectTagging:Put, ..., ObjectRemoved for removals,
     * ObjectRestore for a restore), attached to it so that the answer removes what it journaled ({@link EventOutbox});
     * one per request.
     */
    static Journal journal(RequestContext ctx, String event) {
        Journal j = ctx.attached(Journal.class);
        if (j == null) ctx.attach(Journal.class, j = new Journal(event, principalId(ctx), sourceIp(ctx), ctx.requestId()));
        return j;
    }

    /** Who made the request, as event records name it: "AWS:" and the access key, or "Anonymous". */
    static String principalId(RequestContext ctx) {
        return ctx.anonymous() ? "Anonymous" : "AWS:" + ctx.accessKeyId();
    }

    /** The client's address, as event records give it. */
    static String sourceIp(RequestContext ctx) {
        InetSocketAddress from = ctx.request().remoteAddress();
        return from == null ? "127.0.0.1" : from.getAddress().getHostAddress();
    }

    private static ObjectEvents of(RequestContext ctx) {
        ObjectEvents e = ctx.attached(ObjectEvents.class);
        if (e == null) ctx.attach(ObjectEvents.class, e = new ObjectEvents());
        return e;
    }
}
