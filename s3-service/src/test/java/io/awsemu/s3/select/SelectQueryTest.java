package io.awsemu.s3.select;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.awsemu.s3.select.SelectTesting.csv;
import static io.awsemu.s3.select.SelectTesting.eval;
import static io.awsemu.s3.select.SelectTesting.json;
import static io.awsemu.s3.select.SelectTesting.node;
import static io.awsemu.s3.select.SelectTesting.run;
import static io.awsemu.s3.select.SelectTesting.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectQueryTest {
    private static final List<String> HEADER = List.of("Name", "City", "Age");
    private static final InputRecord[] PEOPLE = {
            csv(HEADER, "Ann", "Oslo", "31"),
            csv(HEADER, "Bob", "Rome", "25"),
            csv(HEADER, "Cid", "Oslo", "40"),
    };

    @Test
    void starOverCsvWithHeaderNamesColumnsByHeader() {
        List<OutputRow> rows = run("select * from s3object", PEOPLE);
        assertEquals(3, rows.size());
        assertEquals(List.of("Name", "City", "Age"), rows.get(0).names());
        assertEquals(List.of("Ann", "Oslo", "31"), rows.get(0).values());
    }

    @Test
    void starOverCsvWithoutHeaderNamesColumnsByPosition() {
        List<OutputRow> rows = run("SELECT * FROM S3Object", csv(null, "a", "b"));
        assertEquals(List.of("_1", "_2"), rows.get(0).names());
        assertEquals(List.of("a", "b"), rows.get(0).values());
    }

    @Test
    void csvColumnsByHeaderNameAreCaseInsensitiveUnlessQuoted() {
        assertEquals(List.of(List.of("Ann", "Oslo")), values("SELECT s.name, CITY FROM S3Object s LIMIT 1", PEOPLE));
        assertEquals(List.of(List.of("Ann")), values("SELECT s.\"Name\" FROM S3Object s LIMIT 1", PEOPLE));
        assertEquals(OutputRow.MISSING, values("SELECT s.\"name\" FROM S3Object s LIMIT 1", PEOPLE).get(0).get(0));
    }

    @Test
    void csvColumnsByPosition() {
        assertEquals(List.of(List.of("Oslo", "31")), values("SELECT s._2, _3 FROM S3Object s LIMIT 1", PEOPLE));
        assertEquals(OutputRow.MISSING, eval("s._9", csv(null, "a")));
    }

    @Test
    void outputNamesComeFromAliasThenReferenceThenPosition() {
        OutputRow row = run("SELECT s.Name AS who, s._3, UPPER(s.City), 1 + 2 \"sum\" FROM S3Object s LIMIT 1", PEOPLE).get(0);
        assertEquals(List.of("who", "_3", "_3", "sum"), row.names());
        assertEquals(List.of("Ann", "31", "OSLO", 3L), row.values());
    }

    @Test
    void whereFiltersWithCastAndLimitStops() {
        SelectQuery q = SelectQuery.parse("SELECT s.Name FROM S3Object s WHERE CAST(s.Age AS INT) > 30 LIMIT 1");
        SelectQuery.Execution ex = q.start();
        assertFalse(q.aggregate());
        assertNull(ex.accept(PEOPLE[1]));
        assertFalse(ex.done());
        assertEquals(List.of("Ann"), ex.accept(PEOPLE[0]).values());
        assertTrue(ex.done());
        assertNull(ex.finish());
    }

    @Test
    void whereOnStrings() {
        assertEquals(List.of(List.of("Ann"), List.of("Cid")), values("SELECT s.Name FROM S3Object s WHERE s.City = 'Oslo'", PEOPLE));
        assertEquals(List.of(List.of("Bob")), values("SELECT s.Name FROM S3Object s WHERE s.City <> 'Oslo'", PEOPLE));
    }

    @Test
    void aStringFieldIsNotImplicitlyANumber() {
        assertEquals(List.of(), values("SELECT s.Name FROM S3Object s WHERE s.Age > 30", PEOPLE));
        assertEquals(List.of(), values("SELECT s.Name FROM S3Object s WHERE s.Age = 31", PEOPLE));
    }

    @Test
    void limitZeroReturnsNothing() {
        assertEquals(List.of(), values("SELECT * FROM S3Object LIMIT 0", PEOPLE));
    }

    @Test
    void jsonAttributesKeepTheirTypes() {
        InputRecord r = json("{\"name\":\"x\",\"n\":3,\"d\":1.5,\"b\":true,\"z\":null,\"o\":{\"k\":[10,20]}}");
        assertEquals(List.of(List.of("x", 3L, new BigDecimal("1.5"), true)), values("SELECT s.name, s.n, s.d, s.b FROM S3Object s", r));
        assertNull(eval("s.z", r));
        assertEquals(OutputRow.MISSING, eval("s.nope", r));
        assertEquals(20L, eval("s.o.k[1]", r));
        assertEquals(OutputRow.MISSING, eval("s.o.k[5]", r));
        assertEquals(node("[10,20]"), eval("s.o.k", r));
        assertEquals(10L, eval("s.o['k'][0]", r));
        assertEquals(3L, eval("N", r));
        assertEquals(3L, eval("s.\"n\"", r));
        assertEquals(OutputRow.MISSING, eval("s.\"N\"", r));
    }

    @Test
    void jsonStarIsTheWholeRecord() {
        OutputRow row = run("SELECT * FROM S3Object", json("{\"a\":1,\"b\":{\"c\":2}}")).get(0);
        assertEquals(List.of("a", "b"), row.names());
        assertEquals(List.of(1L, node("{\"c\":2}")), row.values());
        assertEquals(List.of(List.of(1L, node("{\"c\":2}"))), values("SELECT s.* FROM S3Object s", json("{\"a\":1,\"b\":{\"c\":2}}")));
    }

    @Test
    void fromPathIteratesIntoArrays() {
        InputRecord r = json("{\"items\":[{\"id\":1},{\"id\":2},{\"id\":3}]}");
        assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L)), values("SELECT i.id FROM S3Object[*].items[*] i", r));
        assertEquals(List.of(List.of(2L)), values("SELECT i.id FROM S3Object[*].items[*] AS i WHERE i.id = 2", r));
        assertEquals(List.of(List.of(1L), List.of(2L)), values("SELECT i.id FROM S3Object[*].items[*] i LIMIT 2", r));
        // a wildcard always emits at least one record: MISSING when nothing matches
        assertEquals(List.of(List.of(Values.MISSING)), values("SELECT i.id FROM S3Object[*].nothing[*] i", r));
        assertEquals(List.of(List.of(Values.MISSING)), values("SELECT i.id FROM S3Object[*].items[5] i", r));
        assertEquals(List.of(List.of(2L)), values("SELECT x.id FROM S3Object[*].items[1] x", r));
    }

    @Test
    void fromPathToAnObject() {
        InputRecord r = json("{\"a\":{\"b\":{\"c\":7}}}");
        assertEquals(List.of(List.of(7L)), values("SELECT t.c FROM S3Object[*].a.b t", r));
        assertEquals(List.of(List.of(Values.MISSING)), values("SELECT t.c FROM S3Object[*].a.x t", r));
    }

    /** The examples of S3's SELECT reference: the row named by the path's last name, or _1; MISSING rows kept. */
    @Test
    void fromPathRowsAsS3DocumentsThem() {
        InputRecord rules = json("{\"Rules\": [{\"id\": \"1\"}, {\"expr\": \"y > x\"}, {\"id\": \"2\", \"expr\": \"z = DEBUG\"}]}");
        List<List<Object>> ids = List.of(List.of("1"), List.of(Values.MISSING), List.of("2"));
        assertEquals(ids, values("SELECT id FROM S3Object[*].Rules[*].id", rules));
        assertEquals(ids, values("SELECT d.id FROM S3Object[*].Rules[*] d", rules));
        assertEquals(ids, values("SELECT _1.id FROM S3Object[*].Rules[*]", rules));
        InputRecord books = json("{\"books\": [{\"price\": 10}, {\"price\": 12.5}]}");
        assertEquals(List.of(List.of(10L), List.of(new java.math.BigDecimal("12.5"))),
                values("SELECT price FROM S3Object[*].books[*].price", json("{\"books\": [{\"price\": 10}, {\"price\": 12.5}]}")));
        assertEquals(List.of("price"), SelectTesting.run("SELECT price FROM S3Object[*].books[*].price", books).get(0).names());
        // aggregates skip MISSING
        assertEquals(List.of(List.of(2L)), values("SELECT COUNT(id) FROM S3Object[*].Rules[*].id", rules));
    }

    @Test
    void acceptRefusesToDropRowsOfAWildcardPath() {
        SelectQuery.Execution ex = SelectQuery.parse("SELECT i FROM S3Object[*].a[*] i").start();
        assertThrows(IllegalStateException.class, () -> ex.accept(json("{\"a\":[1,2]}")));
        assertEquals(List.of(5L), ex.accept(json("{\"a\":[5]}")).values());
    }

    @Test
    void theAliasAloneIsTheRecord() {
        assertEquals(node("{\"a\":1}"), eval("s", json("{\"a\":1}")));
        assertEquals(1L, values("SELECT S3Object.a FROM S3Object", json("{\"a\":1}")).get(0).get(0));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertEquals(List.of(List.of("Bob")), values("sElEcT s.name fRoM s3object S wHeRe s.city LIKE 'R%' limit 5", PEOPLE));
    }

    @Test
    void ambiguousHeader() {
        InputRecord r = csv(List.of("a", "A"), "1", "2");
        assertEquals("AmbiguousFieldName", SelectTesting.errorCode(() -> eval("s.a", r)));
        assertEquals("2", eval("s.\"A\"", r));
        InputRecord j = json("{\"k\":1,\"K\":2}");
        assertEquals("AmbiguousFieldName", SelectTesting.errorCode(() -> eval("s.KK", json("{\"Kk\":1,\"kK\":2}"))));
        assertEquals(1L, eval("s.k", j));
        assertEquals(2L, eval("s.\"K\"", j));
    }
}
