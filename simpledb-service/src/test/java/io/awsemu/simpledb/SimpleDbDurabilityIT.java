package io.awsemu.simpledb;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.simpledb.AmazonSimpleDB;
import com.amazonaws.services.simpledb.AmazonSimpleDBClient;
import com.amazonaws.services.simpledb.model.Attribute;
import com.amazonaws.services.simpledb.model.BatchPutAttributesRequest;
import com.amazonaws.services.simpledb.model.CreateDomainRequest;
import com.amazonaws.services.simpledb.model.DeleteAttributesRequest;
import com.amazonaws.services.simpledb.model.GetAttributesRequest;
import com.amazonaws.services.simpledb.model.PutAttributesRequest;
import com.amazonaws.services.simpledb.model.ReplaceableAttribute;
import com.amazonaws.services.simpledb.model.ReplaceableItem;
import com.amazonaws.services.simpledb.model.SelectRequest;
import io.awsemu.core.testing.EmulatorProcess;
import io.awsemu.core.testing.TestFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acknowledged SimpleDB writes survive a clean stop and a {@code kill -9} of the emulator process. */
class SimpleDbDurabilityIT {

    static AmazonSimpleDB client(EmulatorProcess p) {
        return AmazonSimpleDBClient.builder()
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test")))
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(p.endpoint().toString(), "us-east-1"))
                .build();
    }

    static void write(AmazonSimpleDB sdb, String domain) {
        sdb.createDomain(new CreateDomainRequest(domain));
        sdb.putAttributes(new PutAttributesRequest(domain, "snap-1234",
                List.of(new ReplaceableAttribute("expires", "2010-08-01 12:00:00", true))));
        List<ReplaceableItem> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) batch.add(new ReplaceableItem("b" + i, List.of(new ReplaceableAttribute("n", "v" + i, false))));
        sdb.batchPutAttributes(new BatchPutAttributesRequest(domain, batch));
        sdb.deleteAttributes(new DeleteAttributesRequest(domain, "b0"));
    }

    static void check(AmazonSimpleDB sdb, String domain) {
        assertTrue(sdb.listDomains().getDomainNames().contains(domain));
        assertEquals(List.of(new Attribute("expires", "2010-08-01 12:00:00")),
                sdb.getAttributes(new GetAttributesRequest(domain, "snap-1234")).getAttributes());
        assertEquals("25", sdb.select(new SelectRequest("select count(*) from `" + domain + "`"))
                .getItems().get(0).getAttributes().get(0).getValue());
        assertTrue(sdb.getAttributes(new GetAttributesRequest(domain, "b0")).getAttributes().isEmpty());
        assertEquals(List.of("snap-1234"), sdb.select(new SelectRequest(
                "select * from `" + domain + "` where expires < '2010-08-02 00:00:00'")).getItems().stream().map(i -> i.getName()).toList());
    }

    @Test
    void survivesKill9AndCleanStop() throws Exception {
        Path dir = Files.createTempDirectory("awsemu-sdb-durability-");
        try (EmulatorProcess p = EmulatorProcess.start(dir, Map.of("services", "sdb"))) {
            write(client(p), "killed");
            p.kill9();
            p.restart();
            check(client(p), "killed");

            write(client(p), "stopped");
            p.stop(); // SIGTERM: the JVM exits 143 after its shutdown hook closed the stores
            p.restart();
            check(client(p), "killed");
            check(client(p), "stopped");
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }
}
