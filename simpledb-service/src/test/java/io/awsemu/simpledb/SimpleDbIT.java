package io.awsemu.simpledb;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.simpledb.AmazonSimpleDB;
import com.amazonaws.services.simpledb.AmazonSimpleDBClient;
import com.amazonaws.services.simpledb.model.AmazonSimpleDBException;
import com.amazonaws.services.simpledb.model.Attribute;
import com.amazonaws.services.simpledb.model.BatchDeleteAttributesRequest;
import com.amazonaws.services.simpledb.model.BatchPutAttributesRequest;
import com.amazonaws.services.simpledb.model.CreateDomainRequest;
import com.amazonaws.services.simpledb.model.DeletableItem;
import com.amazonaws.services.simpledb.model.DeleteAttributesRequest;
import com.amazonaws.services.simpledb.model.DeleteDomainRequest;
import com.amazonaws.services.simpledb.model.DomainMetadataRequest;
import com.amazonaws.services.simpledb.model.DomainMetadataResult;
import com.amazonaws.services.simpledb.model.GetAttributesRequest;
import com.amazonaws.services.simpledb.model.Item;
import com.amazonaws.services.simpledb.model.ListDomainsRequest;
import com.amazonaws.services.simpledb.model.ListDomainsResult;
import com.amazonaws.services.simpledb.model.PutAttributesRequest;
import com.amazonaws.services.simpledb.model.ReplaceableAttribute;
import com.amazonaws.services.simpledb.model.ReplaceableItem;
import com.amazonaws.services.simpledb.model.SelectRequest;
import com.amazonaws.services.simpledb.model.SelectResult;
import com.amazonaws.services.simpledb.model.UpdateCondition;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SDK v1 (SigV2 over POST, the only AWS SDK with a SimpleDB client) against an in-process emulator. */
class SimpleDbIT {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sdb").build();

    @RegisterExtension
    static EmulatorExtension strict = EmulatorExtension.builder().services("sdb").property("auth", "strict").build();

    static AmazonSimpleDB client(EmulatorExtension server, String key, String secret) {
        return AmazonSimpleDBClient.builder()
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(key, secret)))
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(server.endpoint().toString(), "us-east-1"))
                .build();
    }

    static AmazonSimpleDB sdb() {
        return client(emu, "test", "test");
    }

    private static String domain() {
        String d = "it-" + UUID.randomUUID().toString().substring(0, 8);
        sdb().createDomain(new CreateDomainRequest(d));
        return d;
    }

    static AmazonSimpleDBException error(String code, int status, Executable call) {
        AmazonSimpleDBException e = assertThrows(AmazonSimpleDBException.class, call);
        assertEquals(code, e.getErrorCode(), e.toString());
        assertEquals(status, e.getStatusCode(), e.toString());
        assertNotNull(e.getRequestId(), e.toString());
        return e;
    }

    static List<ReplaceableAttribute> attrs(String... nameValue) {
        List<ReplaceableAttribute> out = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) out.add(new ReplaceableAttribute(nameValue[i], nameValue[i + 1], false));
        return out;
    }

    static List<Attribute> sorted(List<Attribute> in) {
        List<Attribute> out = new ArrayList<>(in);
        out.sort(Comparator.comparing(Attribute::getName).thenComparing(Attribute::getValue));
        return out;
    }

    @Test
    void snapshotBookkeepingRoundTrip() {
        AmazonSimpleDB sdb = sdb();
        String d = domain();
        sdb.putAttributes(new PutAttributesRequest(d, "snap-1234",
                List.of(new ReplaceableAttribute("expires", "2010-08-01 12:00:00", true))));
        sdb.putAttributes(new PutAttributesRequest(d, "snap-5678",
                List.of(new ReplaceableAttribute("expires", "2010-08-03 12:00:00", true))));
        SelectResult r = sdb.select(new SelectRequest("select * from `" + d + "` where expires < '2010-08-02 00:00:00'", true));
        assertEquals(1, r.getItems().size());
        Item item = r.getItems().get(0);
        assertEquals("snap-1234", item.getName());
        assertEquals(List.of(new Attribute("expires", "2010-08-01 12:00:00")), item.getAttributes());
        assertNull(r.getNextToken());
        sdb.deleteAttributes(new DeleteAttributesRequest(d, "snap-1234"));
        assertTrue(sdb.getAttributes(new GetAttributesRequest(d, "snap-1234").withConsistentRead(true)).getAttributes().isEmpty());
        assertTrue(sdb.select(new SelectRequest("select * from `" + d + "` where expires < '2010-08-02 00:00:00'", true))
                .getItems().isEmpty());
        sdb.deleteDomain(new DeleteDomainRequest(d));
    }

    @Test
    void domains() {
        AmazonSimpleDB sdb = sdb();
        String d = domain();
        sdb.createDomain(new CreateDomainRequest(d)); // idempotent, as AWS
        assertTrue(sdb.listDomains().getDomainNames().contains(d));

        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            ListDomainsResult page = sdb.listDomains(new ListDomainsRequest().withMaxNumberOfDomains(1).withNextToken(token));
            assertTrue(page.getDomainNames().size() <= 1);
            paged.addAll(page.getDomainNames());
            token = page.getNextToken();
        } while (token != null);
        assertEquals(sdb.listDomains().getDomainNames(), paged);

        DomainMetadataResult empty = sdb.domainMetadata(new DomainMetadataRequest(d));
        assertEquals(0, empty.getItemCount());
        assertEquals(0L, empty.getItemNamesSizeBytes());
        assertNotNull(empty.getTimestamp());

        sdb.putAttributes(new PutAttributesRequest(d, "ab", attrs("color", "red", "color", "blue", "size", "m")));
        DomainMetadataResult m = sdb.domainMetadata(new DomainMetadataRequest(d));
        assertEquals(1, m.getItemCount());
        assertEquals(2L, m.getItemNamesSizeBytes());
        assertEquals(2, m.getAttributeNameCount());
        assertEquals(9L, m.getAttributeNamesSizeBytes());
        assertEquals(3, m.getAttributeValueCount());
        assertEquals(8L, m.getAttributeValuesSizeBytes());

        sdb.deleteDomain(new DeleteDomainRequest(d));
        assertTrue(!sdb.listDomains().getDomainNames().contains(d));
        sdb.deleteDomain(new DeleteDomainRequest(d)); // deleting a missing domain succeeds, as AWS
        error("NoSuchDomain", 400, () -> sdb.domainMetadata(new DomainMetadataRequest(d)));
    }

    @Test
    void domainErrors() {
        AmazonSimpleDB sdb = sdb();
        error("InvalidParameterValue", 400, () -> sdb.createDomain(new CreateDomainRequest("ab")));
        error("InvalidParameterValue", 400, () -> sdb.createDomain(new CreateDomainRequest("bad/name")));
        error("MissingParameter", 400, () -> sdb.createDomain(new CreateDomainRequest()));
        error("MissingParameter", 400, () -> sdb.deleteDomain(new DeleteDomainRequest()));
        error("InvalidParameterValue", 400, () -> sdb.listDomains(new ListDomainsRequest().withMaxNumberOfDomains(101)));
        error("InvalidParameterValue", 400, () -> sdb.listDomains(new ListDomainsRequest().withMaxNumberOfDomains(0)));
        error("InvalidNextToken", 400, () -> sdb.listDomains(new ListDomainsRequest().withNextToken("garbage")));
        error("NoSuchDomain", 400, () -> sdb.putAttributes(new PutAttributesRequest("no-such-domain", "i", attrs("a", "1"))));
        error("NoSuchDomain", 400, () -> sdb.getAttributes(new GetAttributesRequest("no-such-domain", "i")));
        error("NoSuchDomain", 400, () -> sdb.deleteAttributes(new DeleteAttributesRequest("no-such-domain", "i")));
        error("NoSuchDomain", 400, () -> sdb.batchPutAttributes(new BatchPutAttributesRequest("no-such-domain",
                List.of(new ReplaceableItem("i", attrs("a", "1"))))));
        error("NoSuchDomain", 400, () -> sdb.batchDeleteAttributes(new BatchDeleteAttributesRequest("no-such-domain",
                List.of(new DeletableItem("i", null)))));
        error("NoSuchDomain", 400, () -> sdb.select(new SelectRequest("select * from `no-such-domain`")));
    }

    @Test
    void putGetDelete() {
        AmazonSimpleDB sdb = sdb();
        String d = domain();
        sdb.putAttributes(new PutAttributesRequest(d, "i", attrs("a", "1", "a", "2", "b", "x")));
        sdb.putAttributes(new PutAttributesRequest(d, "i", attrs("a", "1"))); // a duplicate value is stored once
        assertEquals(List.of(new Attribute("a", "1"), new Attribute("a", "2"), new Attribute("b", "x")),
                sorted(sdb.getAttributes(new GetAttributesRequest(d, "i").withConsistentRead(true)).getAttributes()));
        assertEquals(List.of(new Attribute("b", "x")),
                sdb.getAttributes(new GetAttributesRequest(d, "i").withAttributeNames("b", "zzz")).getAttributes());

        sdb.putAttributes(new PutAttributesRequest(d, "i", List.of(new ReplaceableAttribute("a", "3", true))));
        assertEquals(List.of(new Attribute("a", "3"), new Attribute("b", "x")),
                sorted(sdb.getAttributes(new GetAttributesRequest(d, "i")).getAttributes()));

        // conditional put: passes on the current value, fails with the documented codes otherwise
        sdb.putAttributes(new PutAttributesRequest(d, "i", List.of(new ReplaceableAttribute("a", "4", true)),
                new UpdateCondition("a", "3", true)));
        AmazonSimpleDBException failed = error("ConditionalCheckFailed", 409, () -> sdb.putAttributes(new PutAttributesRequest(d, "i",
                List.of(new ReplaceableAttribute("a", "5", true)), new UpdateCondition("a", "3", true))));
        assertTrue(failed.getErrorMessage().contains("Attribute (a) value is (4) but was expected (3)"), failed.getErrorMessage());
        error("ConditionalCheckFailed", 409, () -> sdb.putAttributes(new PutAttributesRequest(d, "i",
                attrs("c", "1"), new UpdateCondition().withName("a").withExists(false))));
        error("AttributeDoesNotExist", 404, () -> sdb.putAttributes(new PutAttributesRequest(d, "i",
                attrs("c", "1"), new UpdateCondition("nope", "1", true))));
        error("ExistsAndExpectedValue", 400, () -> sdb.putAttributes(new PutAttributesRequest(d, "i",
                attrs("c", "1"), new UpdateCondition("a", "4", false))));
        error("IncompleteExpectedExpression", 400, () -> sdb.putAttributes(new PutAttributesRequest(d, "i",
                attrs("c", "1"), new UpdateCondition().withName("a").withExists(true))));
        sdb.putAttributes(new PutAttributesRequest(d, "multi", attrs("m", "1", "m", "2")));
        error("MultiValuedAttribute", 409, () -> sdb.putAttributes(new PutAttributesRequest(d, "multi",
                attrs("c", "1"), new UpdateCondition("m", "1", true))));
        sdb.putAttributes(new PutAttributesRequest(d, "i", attrs("c", "new"), new UpdateCondition().withName("c").withExists(false)));

        // input validation
        error("MissingParameter", 400, () -> sdb.putAttributes(new PutAttributesRequest().withDomainName(d).withAttributes(attrs("a", "1"))));
        error("MissingParameter", 400, () -> sdb.putAttributes(new PutAttributesRequest().withDomainName(d).withItemName("i")));
        error("InvalidParameterValue", 400, () -> sdb.putAttributes(new PutAttributesRequest(d, "i", attrs("a", "x".repeat(1025)))));
        error("InvalidParameterValue", 400, () -> sdb.putAttributes(new PutAttributesRequest(d, "i", attrs("", "1"))));
        error("MissingParameter", 400, () -> sdb.getAttributes(new GetAttributesRequest().withDomainName(d)));

        // delete one value, then a whole attribute, then the item; a missing item is no error
        sdb.deleteAttributes(new DeleteAttributesRequest(d, "multi", List.of(new Attribute("m", "1"))));
        assertEquals(List.of(new Attribute("m", "2")), sdb.getAttributes(new GetAttributesRequest(d, "multi")).getAttributes());
        sdb.deleteAttributes(new DeleteAttributesRequest(d, "i", List.of(new Attribute().withName("a"))));
        assertEquals(List.of(new Attribute("b", "x"), new Attribute("c", "new")),
                sorted(sdb.getAttributes(new GetAttributesRequest(d, "i")).getAttributes()));
        error("ConditionalCheckFailed", 409, () -> sdb.deleteAttributes(new DeleteAttributesRequest(d, "i", null,
                new UpdateCondition("b", "y", true))));
        sdb.deleteAttributes(new DeleteAttributesRequest(d, "i", null, new UpdateCondition("b", "x", true)));
        assertTrue(sdb.getAttributes(new GetAttributesRequest(d, "i")).getAttributes().isEmpty());
        sdb.deleteAttributes(new DeleteAttributesRequest(d, "never-existed"));
        sdb.deleteDomain(new DeleteDomainRequest(d));
    }

    @Test
    void batches() {
        AmazonSimpleDB sdb = sdb();
        String d = domain();
        List<ReplaceableItem> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) items.add(new ReplaceableItem("b" + i, attrs("n", String.format("%03d", i), "tag", "t")));
        sdb.batchPutAttributes(new BatchPutAttributesRequest(d, items));
        assertEquals(25, sdb.domainMetadata(new DomainMetadataRequest(d)).getItemCount());

        List<ReplaceableItem> tooMany = new ArrayList<>(items);
        tooMany.add(new ReplaceableItem("b25", attrs("n", "025")));
        error("NumberSubmittedItemsExceeded", 409, () -> sdb.batchPutAttributes(new BatchPutAttributesRequest(d, tooMany)));
        error("DuplicateItemName", 400, () -> sdb.batchPutAttributes(new BatchPutAttributesRequest(d,
                List.of(new ReplaceableItem("x", attrs("a", "1")), new ReplaceableItem("x", attrs("a", "2"))))));

        sdb.batchDeleteAttributes(new BatchDeleteAttributesRequest(d, List.of(
                new DeletableItem("b0", null),
                new DeletableItem("b1", List.of(new Attribute().withName("tag"))))));
        assertTrue(sdb.getAttributes(new GetAttributesRequest(d, "b0")).getAttributes().isEmpty());
        assertEquals(List.of(new Attribute("n", "001")), sdb.getAttributes(new GetAttributesRequest(d, "b1")).getAttributes());
        error("DuplicateItemName", 400, () -> sdb.batchDeleteAttributes(new BatchDeleteAttributesRequest(d,
                List.of(new DeletableItem("x", null), new DeletableItem("x", null)))));
        List<DeletableItem> tooManyDeletes = new ArrayList<>();
        for (int i = 0; i < 26; i++) tooManyDeletes.add(new DeletableItem("b" + i, null));
        error("NumberSubmittedItemsExceeded", 409, () -> sdb.batchDeleteAttributes(new BatchDeleteAttributesRequest(d, tooManyDeletes)));
        sdb.deleteDomain(new DeleteDomainRequest(d));
    }

    @Test
    void selectPagingOrderAndCount() {
        AmazonSimpleDB sdb = sdb();
        String d = domain();
        for (int i = 0; i < 5; i++) {
            sdb.putAttributes(new PutAttributesRequest(d, "item" + i, attrs("n", "00" + i, "name", "x" + i)));
        }
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            SelectResult r = sdb.select(new SelectRequest("select itemName() from `" + d + "` where n >= '000' order by n desc limit 2")
                    .withNextToken(token));
            assertTrue(r.getItems().size() <= 2);
            r.getItems().forEach(it -> {
                names.add(it.getName());
                assertTrue(it.getAttributes().isEmpty());
            });
            token = r.getNextToken();
        } while (token != null);
        assertEquals(List.of("item4", "item3", "item2", "item1", "item0"), names);

        SelectResult count = sdb.select(new SelectRequest("select count(*) from `" + d + "`"));
        assertEquals(List.of(new Attribute("Count", "5")), count.getItems().get(0).getAttributes());
        assertEquals("Domain", count.getItems().get(0).getName());

        SelectResult some = sdb.select(new SelectRequest("select name from `" + d + "` where name like 'x%' and itemName() in ('item1', 'item3')"));
        assertEquals(List.of("item1", "item3"), some.getItems().stream().map(Item::getName).sorted().toList());
        assertEquals(List.of(new Attribute("name", "x1")), some.getItems().stream()
                .filter(i -> i.getName().equals("item1")).findFirst().orElseThrow().getAttributes());

        SelectResult every = sdb.select(new SelectRequest("select * from `" + d + "` where every(n) = '002'"));
        assertEquals(List.of("item2"), every.getItems().stream().map(Item::getName).toList());

        error("InvalidQueryExpression", 400, () -> sdb.select(new SelectRequest("select * from `" + d + "` where")));
        error("InvalidQueryExpression", 400, () -> sdb.select(new SelectRequest("delete from `" + d + "`")));
        error("InvalidSortExpression", 400, () -> sdb.select(new SelectRequest("select * from `" + d + "` order by n")));
        error("InvalidNextToken", 400, () -> sdb.select(new SelectRequest("select * from `" + d + "`").withNextToken("garbage")));
        error("MissingParameter", 400, () -> sdb.select(new SelectRequest()));
        sdb.deleteDomain(new DeleteDomainRequest(d));
    }

    @Test
    void valuesXmlCannotCarryComeBackBase64() {
        AmazonSimpleDB sdb = sdb();
        String d = domain();
        sdb.putAttributes(new PutAttributesRequest(d, "ctl", attrs("v", "a\u0001b")));
        Attribute a = sdb.getAttributes(new GetAttributesRequest(d, "ctl")).getAttributes().get(0);
        assertEquals("v", a.getName());
        assertEquals("base64", a.getAlternateValueEncoding());
        assertEquals("YQFi", a.getValue());
        assertNull(a.getAlternateNameEncoding());

        sdb.putAttributes(new PutAttributesRequest(d, "n\u0002", attrs("k\u0003", "plain")));
        Item item = sdb.select(new SelectRequest("select * from `" + d + "` where itemName() like 'n%'")).getItems().get(0);
        assertEquals("bgI=", item.getName());
        assertEquals("base64", item.getAlternateNameEncoding());
        Attribute k = item.getAttributes().get(0);
        assertEquals("awM=", k.getName());
        assertEquals("base64", k.getAlternateNameEncoding());
        assertEquals("plain", k.getValue());
        assertNull(k.getAlternateValueEncoding());
        sdb.deleteDomain(new DeleteDomainRequest(d));
    }

    @Test
    void knownKeyWithWrongSecretIsRejected() {
        AmazonSimpleDB wrong = client(emu, "test", "not-the-secret");
        AmazonSimpleDBException e = error("SignatureDoesNotMatch", 403, wrong::listDomains);
        assertTrue(e.getErrorMessage().startsWith("The request signature we calculated does not match the signature you provided."),
                e.getErrorMessage());
    }

    @Test
    void unknownKeyIsAcceptedInKnownMode() {
        AmazonSimpleDB stranger = client(emu, "AKIDSTRANGER", "anything");
        String d = "stranger-" + UUID.randomUUID().toString().substring(0, 8);
        stranger.createDomain(new CreateDomainRequest(d));
        assertTrue(stranger.listDomains().getDomainNames().contains(d));
        stranger.deleteDomain(new DeleteDomainRequest(d));
    }

    @Test
    void strictModeRejectsUnknownKeysAndChecksKnownOnes() {
        error("InvalidClientTokenId", 403, client(strict, "AKIDSTRANGER", "anything")::listDomains);
        error("SignatureDoesNotMatch", 403, client(strict, "test", "wrong")::listDomains);
        AmazonSimpleDB ok = client(strict, "test", "test");
        ok.createDomain(new CreateDomainRequest("strict-domain"));
        assertTrue(ok.listDomains().getDomainNames().contains("strict-domain"));
    }
}
