package io.awsemu.simpledb.engine.select;

import io.awsemu.simpledb.store.StoredItem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectEvaluatorTest {

    private static final StoredItem BOOK = new StoredItem("1579124585", Map.of(
            "Keyword", List.of("Book", "Hardcover"),
            "Rating", List.of("****", "4 stars"),
            "Year", List.of("1994"),
            "Pages", List.of("00320")));

    private static boolean matches(String where, StoredItem item) {
        return SelectEvaluator.compile(SelectParser.parse("select * from d where " + where).where()).test(item);
    }

    @Test
    void anyValueMatches() {
        assertTrue(matches("Keyword = 'Hardcover'", BOOK));
        assertTrue(matches("Rating = '4 stars' or Rating = '****'", BOOK));
        assertTrue(matches("Keyword != 'Book'", BOOK)); // 'Hardcover' != 'Book'
        assertFalse(matches("Year != '1994'", BOOK));
        assertFalse(matches("Missing != 'x'", BOOK));
    }

    @Test
    void sameAttributeAndIsTestedPerValueButIntersectionPerItem() {
        assertFalse(matches("Keyword = 'Book' and Keyword = 'Hardcover'", BOOK));
        assertTrue(matches("Keyword = 'Book' intersection Keyword = 'Hardcover'", BOOK));
        assertTrue(matches("Keyword = 'Book' and Year = '1994'", BOOK));
        assertFalse(matches("Year > '1990' and Year < '1993'", BOOK));
        assertTrue(matches("Year > '1990' and Year < '1995'", BOOK));
    }

    @Test
    void everyRequiresAllValues() {
        assertFalse(matches("every(Keyword) = 'Book'", BOOK));
        assertTrue(matches("every(Keyword) in ('Book', 'Hardcover')", BOOK));
        assertTrue(matches("every(Year) = '1994'", BOOK));
        assertFalse(matches("every(Missing) = 'x'", BOOK));
    }

    @Test
    void lexicographicComparisons() {
        assertTrue(matches("Pages < '00400'", BOOK));
        assertFalse(matches("Pages < '00320'", BOOK));
        assertTrue(matches("Pages <= '00320'", BOOK));
        assertTrue(matches("Year >= '1994'", BOOK));
        assertTrue(matches("Year between '1990' and '1994'", BOOK));
        assertFalse(matches("Year between '1995' and '2000'", BOOK));
        // '9' > '10' lexicographically: why SimpleDB wants zero padding
        assertTrue(matches("Year > '10000'", BOOK));
        StoredItem snap = new StoredItem("snap-1234", Map.of("expires", List.of("2010-08-01 12:00:00")));
        assertTrue(matches("expires < '2010-08-02 00:00:00'", snap));
        assertFalse(matches("expires < '2010-08-01 11:59:59'", snap));
    }

    @Test
    void likeAndNotLike() {
        assertTrue(matches("Rating like '****%'", BOOK));
        assertTrue(matches("Keyword like '%cover'", BOOK));
        assertTrue(matches("Keyword like '%ard%'", BOOK));
        assertFalse(matches("Keyword like '%ARD%'", BOOK)); // case-sensitive
        assertTrue(matches("Keyword like 'Book'", BOOK));
        assertTrue(matches("Keyword not like 'Book%'", BOOK)); // Hardcover
        assertFalse(matches("Year not like '19%'", BOOK));
        StoredItem pct = new StoredItem("p", Map.of("d", List.of("100% sure", "100 sure")));
        assertTrue(matches("d like '100\\%%'", pct));
        assertFalse(matches("every(d) like '100\\%%'", pct));
    }

    @Test
    void nullTestsNotAndItemName() {
        assertTrue(matches("Author is null", BOOK));
        assertFalse(matches("Year is null", BOOK));
        assertTrue(matches("Year is not null", BOOK));
        assertTrue(matches("not Year = '2000'", BOOK));
        assertFalse(matches("not Keyword = 'Book'", BOOK));
        assertTrue(matches("itemName() = '1579124585'", BOOK));
        assertTrue(matches("itemName() like '157%' and (Year = '1' or Year = '1994')", BOOK));
        assertTrue(matches("itemName() is not null", BOOK));
        assertTrue(matches("Year in ('1993', '1994')", BOOK));
        assertFalse(matches("Year in ('1993')", BOOK));
    }
}
