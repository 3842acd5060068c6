package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.engine.ManifestPart;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.StoredObject;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * GetObjectAttributes ({@code GET /key?attributes}): what HeadObject and ListParts tell about an object, in
 * one XML answer, for the attributes named in {@code x-amz-object-attributes}.
 */
public final class ObjectAttributesOperations {
    /** The names x-amz-object-attributes may hold; S3 answers them in this order. */
    enum Attribute { ETag, Checksum, ObjectParts, StorageClass, ObjectSize }

    private static final int MAX_PARTS = 1000;

    private final ObjectEngine engine;

    public ObjectAttributesOperations(ObjectEngine engine) {
        this.engine = engine;
    }

    public void bindTo(S3Router router) {
        router.bind("GetObjectAttributes", this::getObjectAttributes);
    }

    public AwsResponse getObjectAttributes(RequestContext ctx, S3Target t, RequestBody body) {
        HttpRequestHead head = ctx.request();
        Set<Attribute> wanted = wanted(head.header("x-amz-object-attributes"));
        int max = MultipartOperations.boundedInt("x-amz-max-parts", head.header("x-amz-max-parts"), MAX_PARTS, MAX_PARTS);
        int marker = MultipartOperations.boundedInt("x-amz-part-number-marker", head.header("x-amz-part-number-marker"), 0,
                Integer.MAX_VALUE);
        String versionId = head.queryParam("versionId");
        StoredObject o = engine.get(ctx.accountId(), t.bucket(), t.key(), versionId);
        ServerSideEncryption.checkRead(o.headers(), head::header, ServerSideEncryption.CUSTOMER);

        XmlWriter w = XmlWriter.document().start("GetObjectAttributesResponse", S3Responses.NAMESPACE);
        if (wanted.contains(Attribute.ETag)) w.element("ETag", o.etag()); // unquoted, unlike the ETag header
        if (wanted.contains(Attribute.Checksum) && o.checksumAlgorithm() != null) {
            w.start("Checksum")
                    .element("Checksum" + o.checksumAlgorithm(), o.checksumValue())
                    .element("ChecksumType", o.checksumType())
                    .end();
        }
        if (wanted.contains(Attribute.ObjectParts) && o.multipart()) parts(w, o, marker, max);
        if (wanted.contains(Attribute.StorageClass)) w.element("StorageClass", o.storageClass());
        if (wanted.contains(Attribute.ObjectSize)) w.element("ObjectSize", o.size());
        AwsResponse r = S3Responses.xml(ctx, w.end())
                .header("Last-Modified", Timestamps.rfc1123(o.lastModified()));
        ObjectOperations.versionHeader(r, o, versionId != null);
        return r;
    }

    /**
     * ObjectParts of a multipart object: the part count always; the parts themselves (number, size, checksum)
     * only when the upload named a checksum algorithm, as S3 lists them only then.
     */
    private void parts(XmlWriter w, StoredObject o, int marker, int max) {
        w.start("ObjectParts").element("PartsCount", o.partsCount());
        Optional<ObjectEngine.PartsPage> listed = engine.parts(o, marker, max);
        if (listed.isPresent()) {
            ObjectEngine.PartsPage page = listed.get();
            int next = page.parts().isEmpty() ? marker : page.parts().get(page.parts().size() - 1).partNumber();
            w.element("PartNumberMarker", marker)
                    .element("NextPartNumberMarker", next)
                    .element("MaxParts", max)
                    .element("IsTruncated", page.truncated());
            for (ManifestPart p : page.parts()) {
                w.start("Part").element("PartNumber", p.partNumber()).element("Size", p.size());
                if (p.checksumValue() != null) w.element("Checksum" + o.checksumAlgorithm(), p.checksumValue());
                w.end();
            }
        }
        w.end();
    }

    /** The attributes a comma-separated x-amz-object-attributes names; InvalidArgument for none or an unknown one. */
    static Set<Attribute> wanted(String header) {
        Set<Attribute> out = EnumSet.noneOf(Attribute.class);
        if (header != null) {
            for (String name : header.split(",")) {
                String n = name.trim();
                if (n.isEmpty()) continue;
                try {
                    out.add(Attribute.valueOf(n));
                } catch (IllegalArgumentException e) {
                    throw S3Errors.invalidAttributeName();
                }
            }
        }
        if (out.isEmpty()) throw S3Errors.invalidAttributeName();
        return out;
    }
}
