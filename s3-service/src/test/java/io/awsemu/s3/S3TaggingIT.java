package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import software.amazon.awssdk.core.sync.RequestBody;


import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bucket and object tagging through SDK v2: the sub-resources, the write headers, and AWS's errors. */
class S3TaggingIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("tags"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    static Map<String, String> map(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    static void assertError(String code, int status, Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
    }

    @Test
    void bucketTaggingRoundTripsAndDeletes() {
        s3.createBucket(b -> b.bucket("btags"));
        assertError("NoSuchTagSet", 404, () -> s3.getBucketTagging(b -> b.bucket("btags")));
        s3.putBucketTagging(b -> b.bucket("btags").tagging(t -> t.tagSet(tag("team", "blue"), tag("cost center", "4 2"))));
        assertEquals(Map.of("team", "blue", "cost center", "4 2"), map(s3.getBucketTagging(b -> b.bucket("btags")).tagSet()));
        s3.putBucketTagging(b -> b.bucket("btags").tagging(t -> t.tagSet(tag("only", ""))));
        assertEquals(Map.of("only", ""), map(s3.getBucketTagging(b -> b.bucket("btags")).tagSet()));
        s3.deleteBucketTagging(b -> b.bucket("btags"));
        assertError("NoSuchTagSet", 404, () -> s3.getBucketTagging(b -> b.bucket("btags")));
        assertError("NoSuchBucket", 404, () -> s3.getBucketTagging(b -> b.bucket("no-such-bucket-here")));
    }

    @Test
    void bucketTagsGoWithTheBucket() {
        s3.createBucket(b -> b.bucket("btags-gone"));
        s3.putBucketTagging(b -> b.bucket("btags-gone").tagging(t -> t.tagSet(tag("a", "1"))));
        s3.deleteBucket(b -> b.bucket("btags-gone"));
        s3.createBucket(b -> b.bucket("btags-gone"));
        assertError("NoSuchTagSet", 404, () -> s3.getBucketTagging(b -> b.bucket("btags-gone")));
    }

    @Test
    void invalidBucketTagsAreRefused() {
        Consumer<List<Tag>> put = tags -> s3.putBucketTagging(b -> b.bucket("tags").tagging(t -> t.tagSet(tags)));
        assertError("InvalidTag", 400, () -> put.accept(List.of(tag("k", "1"), tag("k", "2"))));
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) many.add(tag("k" + i, "v"));
        assertError("InvalidTag", 400, () -> put.accept(many));
        put.accept(many.subList(0, 50));
        assertError("InvalidTag", 400, () -> put.accept(List.of(tag("k".repeat(129), "v"))));
        assertError("InvalidTag", 400, () -> put.accept(List.of(tag("k", "v".repeat(257)))));
        assertError("InvalidTag", 400, () -> put.accept(List.of(tag("aws:createdBy", "me"))));
        put.accept(List.of(tag("k".repeat(128), "v".repeat(256))));
        S3Exception e = assertThrows(S3Exception.class, () -> put.accept(List.of(tag("k", "1"), tag("k", "2"))));
        assertEquals("Cannot provide multiple Tags with the same key", e.awsErrorDetails().errorMessage());
    }

    @Test
    void objectTaggingRoundTripsWithTenTagsAtMost() {
        s3.putObject(b -> b.bucket("tags").key("o"), RequestBody.fromString("x"));
        assertEquals(List.of(), s3.getObjectTagging(b -> b.bucket("tags").key("o")).tagSet());
        assertNull(s3.headObject(b -> b.bucket("tags").key("o")).tagCount());
        List<Tag> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) ten.add(tag("k" + i, "v" + i));
        s3.putObjectTagging(b -> b.bucket("tags").key("o").tagging(t -> t.tagSet(ten)));
        assertEquals(map(ten), map(s3.getObjectTagging(b -> b.bucket("tags").key("o")).tagSet()));
        assertEquals(10, s3.headObject(b -> b.bucket("tags").key("o")).tagCount());
        assertEquals(10, s3.getObjectAsBytes(b -> b.bucket("tags").key("o")).response().tagCount());
        List<Tag> eleven = new ArrayList<>(ten);
        eleven.add(tag("k10", "v"));
        assertError("InvalidTag", 400, () -> s3.putObjectTagging(b -> b.bucket("tags").key("o").tagging(t -> t.tagSet(eleven))));
        s3.deleteObjectTagging(b -> b.bucket("tags").key("o"));
        assertEquals(List.of(), s3.getObjectTagging(b -> b.bucket("tags").key("o")).tagSet());
        assertError("NoSuchKey", 404, () -> s3.getObjectTagging(b -> b.bucket("tags").key("missing")));
        assertError("NoSuchKey", 404, () -> s3.putObjectTagging(b -> b.bucket("tags").key("missing")
                .tagging(t -> t.tagSet(tag("a", "b")))));
    }

    @Test
    void taggingHeaderOnPutAndTagsGoWithTheObject() {
        s3.putObject(b -> b.bucket("tags").key("h").tagging("project=blue%20sky&empty="), RequestBody.fromString("x"));
        assertEquals(Map.of("project", "blue sky", "empty", ""), map(s3.getObjectTagging(b -> b.bucket("tags").key("h")).tagSet()));
        assertEquals(2, s3.headObject(b -> b.bucket("tags").key("h")).tagCount());
        // an overwrite without tags leaves none
        s3.putObject(b -> b.bucket("tags").key("h"), RequestBody.fromString("y"));
        assertEquals(List.of(), s3.getObjectTagging(b -> b.bucket("tags").key("h")).tagSet());
        // a delete takes them too: the next object at the key starts bare
        s3.putObject(b -> b.bucket("tags").key("h").tagging("a=1"), RequestBody.fromString("z"));
        s3.deleteObject(b -> b.bucket("tags").key("h"));
        s3.putObject(b -> b.bucket("tags").key("h"), RequestBody.fromString("z"));
        assertEquals(List.of(), s3.getObjectTagging(b -> b.bucket("tags").key("h")).tagSet());
        assertError("InvalidTag", 400, () -> s3.putObject(b -> b.bucket("tags").key("bad").tagging("a=1&a=2"),
                RequestBody.fromString("x")));
        assertError("NoSuchKey", 404, () -> s3.headObject(b -> b.bucket("tags").key("bad")));
    }

    @Test
    void copyKeepsOrReplacesTags() {
        s3.putObject(b -> b.bucket("tags").key("src").tagging("from=source"), RequestBody.fromString("x"));
        s3.copyObject(b -> b.sourceBucket("tags").sourceKey("src").destinationBucket("tags").destinationKey("copy"));
        assertEquals(Map.of("from", "source"), map(s3.getObjectTagging(b -> b.bucket("tags").key("copy")).tagSet()));
        s3.copyObject(b -> b.sourceBucket("tags").sourceKey("src").destinationBucket("tags").destinationKey("replaced")
                .taggingDirective(TaggingDirective.REPLACE).tagging("new=tag"));
        assertEquals(Map.of("new", "tag"), map(s3.getObjectTagging(b -> b.bucket("tags").key("replaced")).tagSet()));
        assertTrue(s3.getObjectTagging(b -> b.bucket("tags").key("src")).tagSet().size() == 1);
    }
}
