package io.awsemu.s3.select;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link SelectQuery#fields()}: the top-level fields a query can read, so that a Parquet read skips the others. */
class SelectFieldsTest {
    static final List<String> NAMES = List.of("a", "A", "B", "b", "c", "books", "Rules", "x", "s", "S3Object", "id");

    /** Which of {@link #NAMES} the query's fields() accepts; null when it reads every field. */
    static List<String> fields(String sql) {
        Predicate<String> p = SelectQuery.parse(sql).fields();
        return p == null ? null : NAMES.stream().filter(p).toList();
    }

    @Test
    void referencesNameTheirFieldsUnquotedInAnyCaseQuotedExactly() {
        assertEquals(List.of("a", "A", "B", "c"), fields("SELECT s.a, s.\"B\" FROM S3Object s WHERE s.c.d > 1"));
        assertEquals(List.of("x"), fields("SELECT x FROM S3Object WHERE S3Object.x > 1"));
        assertEquals(List.of("x"), fields("SELECT SUM(s.x) FROM S3Object s"));
        assertEquals(List.of("b", "c"), fields("SELECT CASE WHEN CAST(s.\"b\" AS INT) > 1 THEN UPPER(s.c) END FROM S3Object s"));
        // S3Object[*] alone is each record
        assertEquals(List.of("id"), fields("SELECT s.id FROM S3Object[*] s"));
        // with an alias, S3Object is a field's name like any other
        assertEquals(List.of("x", "S3Object"), fields("SELECT s.x, S3Object.y FROM S3Object s"));
    }

    @Test
    void aQueryReadingNoFieldNeedsNone() {
        assertEquals(List.of(), fields("SELECT COUNT(*) FROM S3Object"));
        assertEquals(List.of(), fields("SELECT 1, UTCNOW() FROM S3Object s LIMIT 3"));
    }

    @Test
    void theWholeRecordOrAWildcardNeedsEveryField() {
        assertNull(fields("SELECT * FROM S3Object"));
        assertNull(fields("SELECT s.* FROM S3Object s"));
        assertNull(fields("SELECT s FROM S3Object s"));
        assertNull(fields("SELECT COUNT(s) FROM S3Object s"));
        assertNull(fields("SELECT s[0] FROM S3Object s"));
    }

    @Test
    void aFromPathReadsItsFirstField() {
        assertEquals(List.of("books"), fields("SELECT price FROM S3Object[*].books[*].price"));
        assertEquals(List.of("Rules"), fields("SELECT _1.id FROM S3Object[*].Rules[*]"));
        assertEquals(List.of("books"), fields("SELECT * FROM S3Object.books b"));
    }
}
