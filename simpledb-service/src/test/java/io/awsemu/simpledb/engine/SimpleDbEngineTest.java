package io.awsemu.simpledb.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.simpledb.engine.SimpleDbEngine.Condition;
import io.awsemu.simpledb.engine.SimpleDbEngine.DeleteAttribute;
import io.awsemu.simpledb.engine.SimpleDbEngine.PutAttribute;
import io.awsemu.simpledb.engine.SimpleDbEngine.PutItem;
import io.awsemu.simpledb.engine.SimpleDbEngine.Scope;
import io.awsemu.simpledb.engine.SimpleDbEngine.SelectPage;
import io.awsemu.simpledb.store.H2SimpleDbStore;
import io.awsemu.simpledb.store.SimpleDbStore.Stats;
import io.awsemu.simpledb.store.StoredItem;
import io.awsemu.core.storage.meta.H2MetadataDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SimpleDbEngineTest {
    private static final Scope ME = new Scope("000000000000", "us-east-1");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2010-07-01T00:00:00Z"), ZoneOffset.UTC);

    private H2MetadataDb db;
    private SimpleDbEngine sdb;

    @BeforeEach
    void setUp() {
        db = H2MetadataDb.inMemory();
        sdb = new SimpleDbEngine(new H2SimpleDbStore(db), CLOCK, new SimpleDbLimits(3, 1000, 100_000));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static void fails(String code, int status, Executable e) {
        AwsException ex = assertThrows(AwsException.class, e);
        assertEquals(code, ex.code(), ex.getMessage());
        assertEquals(status, ex.httpStatus());
        assertEquals(SimpleDbErrorsBox.VALUE, ex.extra().get("BoxUsage"));
    }

    /** The BoxUsage every error carries. */
    private static final class SimpleDbErrorsBox {
        static final String VALUE = io.awsemu.simpledb.SimpleDbErrors.ERROR_BOX_USAGE;
    }

    private static PutAttribute a(String n, String v) { return new PutAttribute(n, v, false); }

    private static PutAttribute r(String n, String v) { return new PutAttribute(n, v, true); }

    private Map<String, List<String>> get(String domain, String item) {
        return sdb.getAttributes(ME, domain, item, null).attributes();
    }

    private List<String> names(SelectPage p) {
        return p.items().stream().map(StoredItem::name).collect(Collectors.toList());
    }

    @Test
    void theBooksSnapshotBookkeeping() {
        sdb.createDomain(ME, "snapshot");
        sdb.putAttributes(ME, "snapshot", "snap-1234", List.of(a("expires", "2010-08-01 12:00:00")), null);
        sdb.putAttributes(ME, "snapshot", "snap-5678", List.of(a("expires", "2010-09-01 12:00:00")), null);
        SelectPage p = sdb.select(ME, "select * from snapshot where expires < '2010-08-02 00:00:00'", null);
        assertEquals(List.of("snap-1234"), names(p));
        assertEquals(Map.of("expires", List.of("2010-08-01 12:00:00")), p.items().get(0).attributes());
        assertNull(p.nextToken());
        sdb.deleteAttributes(ME, "snapshot", "snap-1234", List.of(), null);
        assertEquals(List.of(), names(sdb.select(ME, "select * from snapshot where expires < '2010-08-02 00:00:00'", null)));
        assertEquals(Map.of(), get("snapshot", "snap-1234"));
    }

    @Test
    void domainsCreateListDeleteAndLimits() {
        sdb.createDomain(ME, "b-domain");
        sdb.createDomain(ME, "a.domain");
        sdb.createDomain(ME, "a.domain"); // idempotent
        sdb.createDomain(new Scope("111111111111", "us-east-1"), "other"); // other accounts do not count
        fails("NumberDomainsExceeded", 409, () -> {
            sdb.createDomain(ME, "c_domain");
            sdb.createDomain(ME, "d_domain");
        });
        SimpleDbEngine.DomainPage p1 = sdb.listDomains(ME, 2, null);
        assertEquals(List.of("a.domain", "b-domain"), p1.names());
        assertNotNull(p1.nextToken());
        SimpleDbEngine.DomainPage p2 = sdb.listDomains(ME, 2, p1.nextToken());
        assertEquals(List.of("c_domain"), p2.names());
        assertNull(p2.nextToken());
        sdb.deleteDomain(ME, "b-domain");
        sdb.deleteDomain(ME, "never-existed");
        assertEquals(List.of("a.domain", "c_domain"), sdb.listDomains(ME, null, null).names());

        fails("InvalidParameterValue", 400, () -> sdb.createDomain(ME, "ab"));
        fails("InvalidParameterValue", 400, () -> sdb.createDomain(ME, "has space"));
        fails("InvalidParameterValue", 400, () -> sdb.createDomain(ME, "x".repeat(256)));
        fails("MissingParameter", 400, () -> sdb.createDomain(ME, null));
        fails("InvalidParameterValue", 400, () -> sdb.listDomains(ME, 0, null));
        fails("InvalidParameterValue", 400, () -> sdb.listDomains(ME, 101, null));
        fails("InvalidNextToken", 400, () -> sdb.listDomains(ME, 10, "garbage!"));
        AwsException msg = assertThrows(AwsException.class, () -> sdb.listDomains(ME, 101, null));
        assertEquals("Value (101) for parameter MaxNumberOfDomains is invalid. MaxNumberOfDomains must be between 1 and 100.",
                msg.getMessage());
    }

    @Test
    void noSuchDomainEverywhere() {
        fails("NoSuchDomain", 400, () -> sdb.putAttributes(ME, "nope", "i", List.of(a("x", "1")), null));
        fails("NoSuchDomain", 400, () -> sdb.getAttributes(ME, "nope", "i", null));
        fails("NoSuchDomain", 400, () -> sdb.deleteAttributes(ME, "nope", "i", List.of(), null));
        fails("NoSuchDomain", 400, () -> sdb.domainMetadata(ME, "nope"));
        fails("NoSuchDomain", 400, () -> sdb.select(ME, "select * from nope", null));
        fails("NoSuchDomain", 400, () -> sdb.batchPutAttributes(ME, "nope", List.of(new PutItem("i", List.of(a("x", "1"))))));
    }

    @Test
    void multiValuedPutsReplaceAndGetByName() {
        sdb.createDomain(ME, "dom");
        sdb.putAttributes(ME, "dom", "i", List.of(a("color", "red"), a("color", "blue"), a("size", "L")), null);
        sdb.putAttributes(ME, "dom", "i", List.of(a("color", "red"), a("color", "green")), null); // set semantics
        assertEquals(List.of("blue", "green", "red"), get("dom", "i").get("color"));
        sdb.putAttributes(ME, "dom", "i", List.of(r("color", "black"), a("color", "white")), null);
        assertEquals(List.of("black", "white"), get("dom", "i").get("color"));
        assertEquals(List.of("L"), get("dom", "i").get("size"));
        assertEquals(Map.of("size", List.of("L")), sdb.getAttributes(ME, "dom", "i", List.of("size", "absent")).attributes());
        assertEquals(Map.of(), get("dom", "missing-item"));
        sdb.putAttributes(ME, "dom", "i", List.of(a("empty", "")), null); // empty values are allowed
        assertEquals(List.of(""), get("dom", "i").get("empty"));
    }

    @Test
    void putValidation() {
        sdb.createDomain(ME, "dom");
        fails("MissingParameter", 400, () -> sdb.putAttributes(ME, "dom", null, List.of(a("x", "1")), null));
        fails("MissingParameter", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(), null));
        fails("MissingParameter", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x", null)), null));
        fails("MissingParameter", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(a(null, "1")), null));
        fails("InvalidParameterValue", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("", "1")), null));
        fails("InvalidParameterValue", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x".repeat(1025), "1")), null));
        fails("InvalidParameterValue", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x", "é".repeat(513))), null));
        fails("InvalidParameterValue", 400, () -> sdb.putAttributes(ME, "dom", "x".repeat(1025), List.of(a("x", "1")), null));
        sdb.putAttributes(ME, "dom", "i", List.of(a("x".repeat(1024), "v".repeat(1024))), null); // exactly at the limit
        List<PutAttribute> many = new ArrayList<>();
        for (int i = 0; i < 257; i++) many.add(a("n" + i, "v"));
        fails("NumberSubmittedAttributesExceeded", 409, () -> sdb.putAttributes(ME, "dom", "j", many, null));
    }

    @Test
    void twoHundredFiftySixPairsPerItem() {
        sdb.createDomain(ME, "dom");
        SimpleDbEngine big = new SimpleDbEngine(new H2SimpleDbStore(db), CLOCK, SimpleDbLimits.defaults());
        List<PutAttribute> first = new ArrayList<>();
        for (int i = 0; i < 256; i++) first.add(a("n" + i, "v"));
        big.putAttributes(ME, "dom", "i", first, null);
        fails("NumberItemAttributesExceeded", 409, () -> big.putAttributes(ME, "dom", "i", List.of(a("n0", "second")), null));
        big.putAttributes(ME, "dom", "i", List.of(r("n0", "replaced")), null); // still 256
        assertEquals(List.of("replaced"), get("dom", "i").get("n0"));
    }

    @Test
    void perDomainLimits() {
        sdb.createDomain(ME, "dom");
        List<PutAttribute> attrs = new ArrayList<>();
        for (int i = 0; i < 250; i++) attrs.add(a("n" + i, "v"));
        for (int i = 0; i < 4; i++) sdb.putAttributes(ME, "dom", "i" + i, attrs, null); // 1000 pairs
        fails("NumberDomainAttributesExceeded", 409, () -> sdb.putAttributes(ME, "dom", "x", List.of(a("n", "v")), null));
        sdb.deleteAttributes(ME, "dom", "i0", List.of(), null); // frees 250
        sdb.putAttributes(ME, "dom", "x", List.of(a("n", "v")), null);

        sdb.createDomain(ME, "bytes");
        String kb = "v".repeat(1000);
        for (int i = 0; i < 99; i++) sdb.putAttributes(ME, "bytes", "i" + i, List.of(a("n", kb)), null);
        fails("NumberDomainBytesExceeded", 409, () -> sdb.putAttributes(ME, "bytes", "last", List.of(a("n", kb)), null));
    }

    @Test
    void expectedConditions() {
        sdb.createDomain(ME, "dom");
        sdb.putAttributes(ME, "dom", "i", List.of(a("state", "new"), a("tag", "a"), a("tag", "b")), null);
        // value matches: the put happens
        sdb.putAttributes(ME, "dom", "i", List.of(r("state", "done")), new Condition("state", "new", null));
        assertEquals(List.of("done"), get("dom", "i").get("state"));
        AwsException wrong = assertThrows(AwsException.class,
                () -> sdb.putAttributes(ME, "dom", "i", List.of(r("state", "x")), new Condition("state", "new", true)));
        assertEquals("ConditionalCheckFailed", wrong.code());
        assertEquals(409, wrong.httpStatus());
        assertEquals("Conditional check failed. Attribute (state) value is (done) but was expected (new)", wrong.getMessage());
        fails("ConditionalCheckFailed", 409, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x", "1")), new Condition("state", null, false)));
        fails("AttributeDoesNotExist", 404, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x", "1")), new Condition("nope", "1", null)));
        fails("AttributeDoesNotExist", 404, () -> sdb.putAttributes(ME, "dom", "fresh", List.of(a("x", "1")), new Condition("v", "1", true)));
        fails("MultiValuedAttribute", 409, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x", "1")), new Condition("tag", "a", null)));
        fails("ExistsAndExpectedValue", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x", "1")), new Condition("state", "done", false)));
        fails("IncompleteExpectedExpression", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x", "1")), new Condition("state", null, true)));
        fails("IncompleteExpectedExpression", 400, () -> sdb.putAttributes(ME, "dom", "i", List.of(a("x", "1")), new Condition("state", null, null)));
        // create-if-absent
        sdb.putAttributes(ME, "dom", "fresh", List.of(a("v", "1")), new Condition("v", null, false));
        fails("ConditionalCheckFailed", 409, () -> sdb.putAttributes(ME, "dom", "fresh", List.of(a("v", "2")), new Condition("v", null, false)));
        assertEquals(List.of("1"), get("dom", "fresh").get("v"));
        // conditional delete
        fails("ConditionalCheckFailed", 409, () -> sdb.deleteAttributes(ME, "dom", "fresh", List.of(), new Condition("v", "2", null)));
        sdb.deleteAttributes(ME, "dom", "fresh", List.of(), new Condition("v", "1", null));
        assertEquals(Map.of(), get("dom", "fresh"));
    }

    @Test
    void deleteWholeItemSomeAttributesSomeValues() {
        sdb.createDomain(ME, "dom");
        sdb.putAttributes(ME, "dom", "i", List.of(a("c", "1"), a("c", "2"), a("c", "3"), a("d", "x"), a("e", "y")), null);
        sdb.deleteAttributes(ME, "dom", "i", List.of(new DeleteAttribute("c", "2")), null);
        assertEquals(List.of("1", "3"), get("dom", "i").get("c"));
        sdb.deleteAttributes(ME, "dom", "i", List.of(new DeleteAttribute("d", null), new DeleteAttribute("c", "nope")), null);
        assertEquals(Map.of("c", List.of("1", "3"), "e", List.of("y")), get("dom", "i"));
        sdb.deleteAttributes(ME, "dom", "i", List.of(), null);
        assertEquals(Map.of(), get("dom", "i"));
        sdb.deleteAttributes(ME, "dom", "never", List.of(), null); // no error
        fails("MissingParameter", 400, () -> sdb.deleteAttributes(ME, "dom", "i", List.of(new DeleteAttribute(null, "v")), null));
    }

    @Test
    void batches() {
        sdb.createDomain(ME, "dom");
        List<PutItem> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) items.add(new PutItem("item" + i, List.of(a("n", "v" + i))));
        sdb.batchPutAttributes(ME, "dom", items);
        assertEquals(List.of("v7"), get("dom", "item7").get("n"));
        List<PutItem> tooMany = new ArrayList<>(items);
        tooMany.add(new PutItem("item25", List.of(a("n", "v"))));
        fails("NumberSubmittedItemsExceeded", 409, () -> sdb.batchPutAttributes(ME, "dom", tooMany));
        AwsException dup = assertThrows(AwsException.class, () -> sdb.batchPutAttributes(ME, "dom",
                List.of(new PutItem("x", List.of(a("n", "1"))), new PutItem("x", List.of(a("n", "2"))))));
        assertEquals("DuplicateItemName", dup.code());
        assertEquals("Item x was specified more than once.", dup.getMessage());
        assertEquals(Map.of(), get("dom", "x")); // nothing of a rejected batch is written
        sdb.batchPutAttributes(ME, "dom", List.of(new PutItem("item1", List.of(r("n", "new"))), new PutItem("y", List.of(a("n", "1")))));
        assertEquals(List.of("new"), get("dom", "item1").get("n"));

        sdb.batchDeleteAttributes(ME, "dom", List.of(
                new SimpleDbEngine.DeleteItem("item1", List.of()),
                new SimpleDbEngine.DeleteItem("item2", List.of(new DeleteAttribute("n", "v2"))),
                new SimpleDbEngine.DeleteItem("ghost", List.of())));
        assertEquals(Map.of(), get("dom", "item1"));
        assertEquals(Map.of(), get("dom", "item2"));
        fails("DuplicateItemName", 400, () -> sdb.batchDeleteAttributes(ME, "dom", List.of(
                new SimpleDbEngine.DeleteItem("a", List.of()), new SimpleDbEngine.DeleteItem("a", List.of()))));
    }

    @Test
    void domainMetadataCounts() {
        sdb.createDomain(ME, "dom");
        sdb.putAttributes(ME, "dom", "item1", List.of(a("color", "red"), a("color", "blue"), a("size", "L")), null);
        sdb.putAttributes(ME, "dom", "é", List.of(a("color", "grün")), null);
        SimpleDbEngine.DomainMetadata m = sdb.domainMetadata(ME, "dom");
        Stats s = m.stats();
        assertEquals(2, s.itemCount());
        assertEquals(5 + 2, s.itemNamesBytes());          // "item1" + "é"
        assertEquals(2, s.attributeNameCount());          // color, size
        assertEquals(5 + 4, s.attributeNamesBytes());
        assertEquals(4, s.attributeValueCount());
        assertEquals(3 + 4 + 1 + 5, s.attributeValuesBytes()); // red blue L grün
        assertEquals(Instant.parse("2010-07-01T00:00:00Z").getEpochSecond(), m.timestampSeconds());
    }

    @Test
    void selectOutputsOrderLimitAndCount() {
        sdb.createDomain(ME, "dom");
        sdb.putAttributes(ME, "dom", "c", List.of(a("year", "1990"), a("k", "x"), a("k", "y")), null);
        sdb.putAttributes(ME, "dom", "a", List.of(a("year", "2007"), a("k", "z")), null);
        sdb.putAttributes(ME, "dom", "b", List.of(a("year", "1985")), null);
        assertEquals(List.of("a", "b", "c"), names(sdb.select(ME, "select * from dom", null)));
        assertEquals(List.of("b", "c", "a"), names(sdb.select(ME, "select * from dom where year > '1' order by year", null)));
        assertEquals(List.of("a", "c", "b"), names(sdb.select(ME, "select * from dom where year > '1' order by year desc", null)));
        assertEquals(List.of("c", "b", "a"), names(sdb.select(ME, "select * from dom order by itemName() desc", null)));
        // multi-valued sort attribute: placed by its smallest value ascending, largest descending
        assertEquals(List.of("c", "a"), names(sdb.select(ME, "select * from dom where k is not null order by k", null)));
        assertEquals(List.of("a", "c"), names(sdb.select(ME, "select * from dom where k is not null order by k desc", null)));
        SelectPage itemNames = sdb.select(ME, "select itemName() from dom where k = 'y'", null);
        assertEquals(List.of("c"), names(itemNames));
        assertEquals(Map.of(), itemNames.items().get(0).attributes());
        SelectPage some = sdb.select(ME, "select k, nope from dom where year < '2000'", null);
        assertEquals(List.of("b", "c"), names(some));
        assertEquals(Map.of(), some.items().get(0).attributes());
        assertEquals(Map.of("k", List.of("x", "y")), some.items().get(1).attributes());

        SelectPage count = sdb.select(ME, "select count(*) from dom where year >= '1985'", null);
        assertEquals("Domain", count.items().get(0).name());
        assertEquals(Map.of("Count", List.of("3")), count.items().get(0).attributes());
        assertNull(count.nextToken());
        SelectPage partial = sdb.select(ME, "select count(*) from dom where year >= '1985' limit 2", null);
        assertEquals(Map.of("Count", List.of("2")), partial.items().get(0).attributes());
        assertNotNull(partial.nextToken());
        // a count token and a select token are interchangeable when where/order by match
        assertEquals(List.of("c"), names(sdb.select(ME, "select * from dom where year >= '1985'", partial.nextToken())));
        assertEquals(Map.of("Count", List.of("0")),
                sdb.select(ME, "select count(*) from dom where year = 'none'", null).items().get(0).attributes());
    }

    @Test
    void pagingIsStableAcrossInserts() {
        sdb.createDomain(ME, "dom");
        List<PutItem> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) items.add(new PutItem(String.format("item%02d", i), List.of(a("n", String.format("%03d", i)))));
        sdb.batchPutAttributes(ME, "dom", items);
        SelectPage p1 = sdb.select(ME, "select * from dom where n >= '000' limit 4", null);
        assertEquals(List.of("item00", "item01", "item02", "item03"), names(p1));
        // inserted before and after the page boundary
        sdb.putAttributes(ME, "dom", "item00a", List.of(a("n", "500")), null);
        sdb.putAttributes(ME, "dom", "item05a", List.of(a("n", "501")), null);
        SelectPage p2 = sdb.select(ME, "select * from dom where n >= '000' limit 4", p1.nextToken());
        assertEquals(List.of("item04", "item05", "item05a", "item06"), names(p2));
        SelectPage p3 = sdb.select(ME, "select * from dom where n >= '000' limit 4", p2.nextToken());
        assertEquals(List.of("item07", "item08", "item09"), names(p3));
        assertNull(p3.nextToken());

        SelectPage s1 = sdb.select(ME, "select * from dom where n < '100' order by n desc limit 3", null);
        assertEquals(List.of("item09", "item08", "item07"), names(s1));
        SelectPage s2 = sdb.select(ME, "select * from dom where n < '100' order by n desc limit 3", s1.nextToken());
        assertEquals(List.of("item06", "item05", "item04"), names(s2));

        fails("InvalidNextToken", 400, () -> sdb.select(ME, "select * from dom where n > '1'", p1.nextToken()));
        fails("InvalidNextToken", 400, () -> sdb.select(ME, "select * from dom where n >= '000'", "not-a-token"));
        // a different limit or output list keeps the token valid
        assertEquals(List.of("item04"), names(sdb.select(ME, "select itemName() from dom where n >= '000' limit 1", p1.nextToken())));
    }

    @Test
    void defaultLimitIsOneHundredAndPagesCoverEverything() {
        sdb.createDomain(ME, "dom");
        for (int b = 0; b < 10; b++) {
            List<PutItem> items = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int n = b * 25 + i;
                items.add(new PutItem(String.format("i%04d", n), List.of(a("v", n % 2 == 0 ? "even" : "odd"))));
            }
            sdb.batchPutAttributes(ME, "dom", items);
        }
        SelectPage p = sdb.select(ME, "select * from dom", null);
        assertEquals(100, p.items().size());
        List<String> all = new ArrayList<>(names(p));
        while (p.nextToken() != null) {
            p = sdb.select(ME, "select * from dom", p.nextToken());
            all.addAll(names(p));
        }
        assertEquals(250, all.size());
        assertEquals(250, all.stream().distinct().count());
        List<String> odd = new ArrayList<>();
        String token = null;
        do {
            SelectPage q = sdb.select(ME, "select itemName() from dom where v like '%d%' limit 7", token);
            odd.addAll(names(q));
            token = q.nextToken();
        } while (token != null);
        assertEquals(125, odd.size());
        assertEquals("i0001", odd.get(0));
    }
}
