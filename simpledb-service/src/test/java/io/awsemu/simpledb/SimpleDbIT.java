package io.awsemu.simpledb;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.simpledb.AmazonSimpleDB;
import com.amazonaws.services.simpledb.AmazonSimpleDBClient;
import com.amazonaws.services.simpledb.model.AmazonSimpleDBException;
import com.amazonaws.services.simpledb.model.Attribute;
import com.amazonaws.services.simpledb.model.AttributeDoesNotExistException;
import com.amazonaws.services.simpledb.model.CreateDomainRequest;
import com.amazonaws.services.simpledb.model.DeleteAttributesRequest;
import com.amazonaws.services.simpledb.model.DeleteDomainRequest;
import com.amazonaws.services.simpledb.model.DomainMetadataRequest;
import com.amazonaws.services.simpledb.model.DomainMetadataResult;
import com.amazonaws.services.simpledb.model.GetAttributesRequest;
import com.amazonaws.services.simpledb.model.InvalidQueryExpressionException;
import com.amazonaws.services.simpledb.model.Item;
import com.amazonaws.services.simpledb.model.NoSuchDomainException;
import com.amazonaws.services.simpledb.model.PutAttributesRequest;
import com.amazonaws.services.simpledb.model.ReplaceableAttribute;
import com.amazonaws.services.simpledb.model.SelectRequest;
import com.amazonaws.services.simpledb.model.SelectResult;
import com.amazonaws.services.simpledb.model.UpdateCondition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SDK v1 (the client the 2011-era tools use) against a running emulator at system property
 * {@code awsemu.it.endpoint} (e.g. http://localhost:4566); skipped when it is not set.
 */
class SimpleDbIT {
    private static AmazonSimpleDB sdb;

    @BeforeAll
    static void client() {
        String endpoint = System.getProperty("awsemu.it.endpoint");
        assumeTrue(endpoint != null && !endpoint.isBlank(), "awsemu.it.endpoint not set: no emulator to talk to");
        sdb = AmazonSimpleDBClient.builder()
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test")))
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
                .build();
    }

    private static String domain() {
        String d = "it-" + UUID.randomUUID().toString().substring(0, 8);
        sdb.createDomain(new CreateDomainRequest(d));
        return d;
    }

    @Test
    void snapshotBookkeepingRoundTrip() {
        String d = domain();
        sdb.putAttributes(new PutAttributesRequest(d, "snap-1234",
                List.of(new ReplaceableAttribute("expires", "2010-08-01 12:00:00", true))));
        SelectResult r = sdb.select(new SelectRequest("select * from `" + d + "` where expires < '2010-08-02 00:00:00'", true));
        assertEquals(1, r.getItems().size());
        Item item = r.getItems().get(0);
        assertEquals("snap-1234", item.getName());
        assertEquals(List.of(new Attribute("expires", "2010-08-01 12:00:00")), item.getAttributes());
        assertNull(r.getNextToken());
        sdb.deleteAttributes(new DeleteAttributesRequest(d, "snap-1234"));
        assertTrue(sdb.getAttributes(new GetAttributesRequest(d, "snap-1234").withConsistentRead(true)).getAttributes().isEmpty());
        assertTrue(sdb.listDomains().getDomainNames().contains(d));
        sdb.deleteDomain(new DeleteDomainRequest(d));
    }

    @Test
    void pagingAndCount() {
        String d = domain();
        for (int i = 0; i < 5; i++) {
            sdb.putAttributes(new PutAttributesRequest(d, "item" + i, List.of(new ReplaceableAttribute("n", "00" + i, false))));
        }
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            SelectResult r = sdb.select(new SelectRequest("select itemName() from `" + d + "` where n >= '000' order by n desc limit 2")
                    .withNextToken(token));
            r.getItems().forEach(it -> names.add(it.getName()));
            token = r.getNextToken();
        } while (token != null);
        assertEquals(List.of("item4", "item3", "item2", "item1", "item0"), names);
        SelectResult count = sdb.select(new SelectRequest("select count(*) from `" + d + "`"));
        assertEquals("5", count.getItems().get(0).getAttributes().get(0).getValue());
        DomainMetadataResult m = sdb.domainMetadata(new DomainMetadataRequest(d));
        assertEquals(5, m.getItemCount());
        assertEquals(5, m.getAttributeValueCount());
    }

    @Test
    void errorsHaveAwsCodesAndStatuses() {
        String d = domain();
        NoSuchDomainException nsd = assertThrows(NoSuchDomainException.class,
                () -> sdb.select(new SelectRequest("select * from `no-such-domain-x`")));
        assertEquals(400, nsd.getStatusCode());
        InvalidQueryExpressionException bad = assertThrows(InvalidQueryExpressionException.class,
                () -> sdb.select(new SelectRequest("select * from `" + d + "` where")));
        assertEquals("InvalidQueryExpression", bad.getErrorCode());
        sdb.putAttributes(new PutAttributesRequest(d, "i", List.of(new ReplaceableAttribute("v", "1", false))));
        AmazonSimpleDBException cond = assertThrows(AmazonSimpleDBException.class, () -> sdb.putAttributes(
                new PutAttributesRequest(d, "i", List.of(new ReplaceableAttribute("v", "2", true)), new UpdateCondition("v", "9", true))));
        assertEquals("ConditionalCheckFailed", cond.getErrorCode());
        assertEquals(409, cond.getStatusCode());
        AttributeDoesNotExistException missing = assertThrows(AttributeDoesNotExistException.class, () -> sdb.putAttributes(
                new PutAttributesRequest(d, "i", List.of(new ReplaceableAttribute("v", "2", true)), new UpdateCondition("nope", "1", true))));
        assertEquals(404, missing.getStatusCode());
        sdb.deleteDomain(new DeleteDomainRequest(d));
    }
}
