package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AnalyticsConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAccessTier;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;
import software.amazon.awssdk.services.s3.model.InventoryConfiguration;
import software.amazon.awssdk.services.s3.model.InventoryFormat;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.s3.model.InventoryOptionalField;
import software.amazon.awssdk.services.s3.model.ListBucketMetricsConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.MetricsConfiguration;
import software.amazon.awssdk.services.s3.model.StorageClassAnalysisSchemaVersion;
import software.amazon.awssdk.services.s3.model.Tag;

import java.util.ArrayList;
import java.util.List;

import static io.awsemu.s3.S3TestClients.assertS3Error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Analytics, inventory, metrics and Intelligent-Tiering configurations through SDK v2, with AWS's errors. */
class S3BucketConfigSetIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("sets"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static MetricsConfiguration metrics(String id) {
        return MetricsConfiguration.builder().id(id).filter(f -> f.prefix("logs/" + id)).build();
    }

    @Test
    void metricsRoundTripListAndDelete() {
        s3.createBucket(b -> b.bucket("sets-metrics"));
        assertS3Error("NoSuchConfiguration", 404, () -> s3.getBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("a")));
        assertTrue(s3.listBucketMetricsConfigurations(b -> b.bucket("sets-metrics")).metricsConfigurationList().isEmpty());

        MetricsConfiguration tagged = MetricsConfiguration.builder().id("tagged")
                .filter(f -> f.and(a -> a.prefix("img/").tags(Tag.builder().key("team").value("blue").build()))).build();
        s3.putBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("tagged").metricsConfiguration(tagged));
        s3.putBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("b").metricsConfiguration(metrics("b")));
        assertEquals(tagged, s3.getBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("tagged")).metricsConfiguration());
        // a put with an existing id replaces it
        MetricsConfiguration everything = MetricsConfiguration.builder().id("b").build();
        s3.putBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("b").metricsConfiguration(everything));
        assertEquals(everything, s3.getBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("b")).metricsConfiguration());
        ListBucketMetricsConfigurationsResponse all = s3.listBucketMetricsConfigurations(b -> b.bucket("sets-metrics"));
        assertEquals(List.of(everything, tagged), all.metricsConfigurationList());
        assertFalse(all.isTruncated());

        s3.deleteBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("b"));
        assertS3Error("NoSuchConfiguration", 404, () -> s3.getBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("b")));
        assertS3Error("NoSuchConfiguration", 404, () -> s3.deleteBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("b")));
        assertEquals(List.of(tagged), s3.listBucketMetricsConfigurations(b -> b.bucket("sets-metrics")).metricsConfigurationList());

        // they go with their bucket
        s3.deleteBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("tagged"));
        s3.putBucketMetricsConfiguration(b -> b.bucket("sets-metrics").id("c").metricsConfiguration(metrics("c")));
        s3.deleteBucket(b -> b.bucket("sets-metrics"));
        s3.createBucket(b -> b.bucket("sets-metrics"));
        assertTrue(s3.listBucketMetricsConfigurations(b -> b.bucket("sets-metrics")).metricsConfigurationList().isEmpty());
    }

    @Test
    void listsPageByAHundredAndTheSetStopsAtAThousand() {
        s3.createBucket(b -> b.bucket("sets-many"));
        for (int i = 0; i < 1000; i++) {
            String id = String.format("m%04d", i);
            s3.putBucketMetricsConfiguration(b -> b.bucket("sets-many").id(id).metricsConfiguration(metrics(id)));
        }
        assertS3Error("TooManyConfigurations", 400, () -> s3.putBucketMetricsConfiguration(b -> b.bucket("sets-many")
                .id("one-more").metricsConfiguration(metrics("one-more"))));
        // replacing one of the thousand is still allowed
        s3.putBucketMetricsConfiguration(b -> b.bucket("sets-many").id("m0500").metricsConfiguration(metrics("m0500")));

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListBucketMetricsConfigurationsResponse page = s3.listBucketMetricsConfigurations(b -> b.bucket("sets-many")
                    .continuationToken(t));
            assertEquals(t, page.continuationToken());
            assertTrue(page.metricsConfigurationList().size() <= 100);
            page.metricsConfigurationList().forEach(m -> seen.add(m.id()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
            if (!page.isTruncated()) assertNull(page.nextContinuationToken());
            pages++;
        } while (token != null);
        assertEquals(10, pages);
        assertEquals(1000, seen.size());
        assertEquals("m0000", seen.get(0));
        assertEquals("m0999", seen.get(999));
        assertEquals(seen.stream().sorted().toList(), seen);
    }

    @Test
    void inventoryValidationInAwsOrder() {
        InventoryConfiguration good = InventoryConfiguration.builder().id("inv").isEnabled(true)
                .includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                .schedule(s -> s.frequency(InventoryFrequency.WEEKLY))
                .optionalFields(InventoryOptionalField.SIZE, InventoryOptionalField.E_TAG)
                .filter(f -> f.prefix("data/"))
                .destination(d -> d.s3BucketDestination(b -> b.bucket("arn:aws:s3:::inventory-target").format(InventoryFormat.CSV)
                        .prefix("reports")))
                .build();
        s3.putBucketInventoryConfiguration(b -> b.bucket("sets").id("inv").inventoryConfiguration(good));
        assertEquals(good, s3.getBucketInventoryConfiguration(b -> b.bucket("sets").id("inv")).inventoryConfiguration());
        assertEquals(List.of(good), s3.listBucketInventoryConfigurations(b -> b.bucket("sets")).inventoryConfigurationList());

        assertS3Error("IdMismatch", 400, () -> s3.putBucketInventoryConfiguration(b -> b.bucket("sets").id("other")
                .inventoryConfiguration(good)));
        InventoryConfiguration notAnArn = good.toBuilder().destination(d -> d.s3BucketDestination(b -> b.bucket("inventory-target")
                .format(InventoryFormat.CSV))).build();
        assertS3Error("InvalidS3DestinationBucket", 400, () -> s3.putBucketInventoryConfiguration(b -> b.bucket("sets").id("inv")
                .inventoryConfiguration(notAnArn)));
        // the document is checked before its id
        InventoryConfiguration unknownField = notAnArn.toBuilder().optionalFieldsWithStrings("Size", "Colour").build();
        assertS3Error("MalformedXML", 400, () -> s3.putBucketInventoryConfiguration(b -> b.bucket("sets").id("other")
                .inventoryConfiguration(unknownField)));
        s3.deleteBucketInventoryConfiguration(b -> b.bucket("sets").id("inv"));
        assertS3Error("NoSuchConfiguration", 404, () -> s3.getBucketInventoryConfiguration(b -> b.bucket("sets").id("inv")));
    }

    @Test
    void analyticsRoundTripAndErrors() {
        AnalyticsConfiguration export = AnalyticsConfiguration.builder().id("sca")
                .filter(f -> f.tag(Tag.builder().key("k").value("v").build()))
                .storageClassAnalysis(a -> a.dataExport(e -> e.outputSchemaVersion(StorageClassAnalysisSchemaVersion.V_1)
                        .destination(d -> d.s3BucketDestination(b -> b.bucket("arn:aws:s3:::exports").format("CSV").prefix("sca/")))))
                .build();
        s3.putBucketAnalyticsConfiguration(b -> b.bucket("sets").id("sca").analyticsConfiguration(export));
        assertEquals(export, s3.getBucketAnalyticsConfiguration(b -> b.bucket("sets").id("sca")).analyticsConfiguration());
        assertEquals(List.of(export), s3.listBucketAnalyticsConfigurations(b -> b.bucket("sets")).analyticsConfigurationList());
        assertS3Error("MalformedXML", 400, () -> s3.putBucketAnalyticsConfiguration(b -> b.bucket("sets").id("not-sca")
                .analyticsConfiguration(export)));
        AnalyticsConfiguration schemaV2 = export.toBuilder().id("v2")
                .storageClassAnalysis(a -> a.dataExport(e -> e.outputSchemaVersion("V_2")
                        .destination(d -> d.s3BucketDestination(b -> b.bucket("arn:aws:s3:::exports").format("CSV")))))
                .build();
        assertS3Error("MalformedXML", 400, () -> s3.putBucketAnalyticsConfiguration(b -> b.bucket("sets").id("v2")
                .analyticsConfiguration(schemaV2)));
        s3.deleteBucketAnalyticsConfiguration(b -> b.bucket("sets").id("sca"));
        assertTrue(s3.listBucketAnalyticsConfigurations(b -> b.bucket("sets")).analyticsConfigurationList().isEmpty());
    }

    @Test
    void intelligentTieringRoundTripAndErrors() {
        IntelligentTieringConfiguration archive = IntelligentTieringConfiguration.builder().id("cold")
                .status(IntelligentTieringStatus.ENABLED).filter(f -> f.prefix("old/"))
                .tierings(t -> t.days(90).accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS),
                        t -> t.days(180).accessTier(IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS))
                .build();
        s3.putBucketIntelligentTieringConfiguration(b -> b.bucket("sets").id("cold").intelligentTieringConfiguration(archive));
        assertEquals(archive, s3.getBucketIntelligentTieringConfiguration(b -> b.bucket("sets").id("cold"))
                .intelligentTieringConfiguration());
        assertEquals(List.of(archive), s3.listBucketIntelligentTieringConfigurations(b -> b.bucket("sets"))
                .intelligentTieringConfigurationList());
        IntelligentTieringConfiguration tooSoon = archive.toBuilder()
                .tierings(t -> t.days(30).accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS)).build();
        assertS3Error("InvalidArgument", 400, () -> s3.putBucketIntelligentTieringConfiguration(b -> b.bucket("sets").id("cold")
                .intelligentTieringConfiguration(tooSoon)));
        IntelligentTieringConfiguration noTiering = archive.toBuilder().tierings(List.of()).build();
        assertS3Error("MalformedXML", 400, () -> s3.putBucketIntelligentTieringConfiguration(b -> b.bucket("sets").id("cold")
                .intelligentTieringConfiguration(noTiering)));
        s3.deleteBucketIntelligentTieringConfiguration(b -> b.bucket("sets").id("cold"));
        assertS3Error("NoSuchConfiguration", 404, () -> s3.getBucketIntelligentTieringConfiguration(b -> b.bucket("sets").id("cold")));
    }

    @Test
    void missingBucketAndForeignOwner() {
        assertS3Error("NoSuchBucket", 404, () -> s3.listBucketMetricsConfigurations(b -> b.bucket("sets-nowhere")));
        assertS3Error("NoSuchBucket", 404, () -> s3.putBucketMetricsConfiguration(b -> b.bucket("sets-nowhere").id("x")
                .metricsConfiguration(metrics("x"))));
        assertS3Error("AccessDenied", 403, () -> s3.listBucketInventoryConfigurations(b -> b.bucket("sets")
                .expectedBucketOwner("111122223333")));
        assertS3Error("InvalidArgument", 400, () -> s3.listBucketMetricsConfigurations(b -> b.bucket("sets")
                .continuationToken("***")));
    }
}
