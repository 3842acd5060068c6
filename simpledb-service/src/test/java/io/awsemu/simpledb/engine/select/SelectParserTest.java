package io.awsemu.simpledb.engine.select;

import io.awsemu.core.error.AwsException;
import io.awsemu.simpledb.engine.select.SelectStatement.And;
import io.awsemu.simpledb.engine.select.SelectStatement.Comparison;
import io.awsemu.simpledb.engine.select.SelectStatement.Intersection;
import io.awsemu.simpledb.engine.select.SelectStatement.Not;
import io.awsemu.simpledb.engine.select.SelectStatement.NullTest;
import io.awsemu.simpledb.engine.select.SelectStatement.Op;
import io.awsemu.simpledb.engine.select.SelectStatement.Operand;
import io.awsemu.simpledb.engine.select.SelectStatement.Or;
import io.awsemu.simpledb.engine.select.SelectStatement.Output;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectParserTest {

    private static Comparison cmp(String attr, Op op, String... values) {
        return new Comparison(new Operand(attr, false), op, List.of(values));
    }

    @Test
    void outputLists() {
        assertEquals(Output.Kind.ALL, SelectParser.parse("select * from d").output().kind());
        assertEquals(Output.Kind.ITEM_NAME, SelectParser.parse("select itemName() from d").output().kind());
        assertEquals(Output.Kind.COUNT, SelectParser.parse("SELECT COUNT(*) FROM d").output().kind());
        SelectStatement st = SelectParser.parse("select a, `b c`, a from `my-domain.x`");
        assertEquals(List.of("a", "b c"), st.output().attributes());
        assertEquals("my-domain.x", st.domain());
        assertNull(st.where());
        assertNull(st.sort());
        assertNull(st.limit());
    }

    @Test
    void theBooksSnapshotQuery() {
        SelectStatement st = SelectParser.parse("select * from snapshot where expires < '2010-08-02 00:00:00'");
        assertEquals("snapshot", st.domain());
        assertEquals(cmp("expires", Op.LT, "2010-08-02 00:00:00"), st.where());
    }

    @Test
    void everyComparisonOperator() {
        assertEquals(Op.EQ, ((Comparison) SelectParser.parse("select * from d where a = 'x'").where()).op());
        assertEquals(Op.NE, ((Comparison) SelectParser.parse("select * from d where a != 'x'").where()).op());
        assertEquals(Op.GT, ((Comparison) SelectParser.parse("select * from d where a > 'x'").where()).op());
        assertEquals(Op.GE, ((Comparison) SelectParser.parse("select * from d where a >= 'x'").where()).op());
        assertEquals(Op.LT, ((Comparison) SelectParser.parse("select * from d where a < 'x'").where()).op());
        assertEquals(Op.LE, ((Comparison) SelectParser.parse("select * from d where a <= 'x'").where()).op());
        assertEquals(cmp("a", Op.LIKE, "%x%"), SelectParser.parse("select * from d where a like '%x%'").where());
        assertEquals(cmp("a", Op.NOT_LIKE, "x%"), SelectParser.parse("select * from d where a NOT LIKE 'x%'").where());
        assertEquals(cmp("a", Op.BETWEEN, "1", "5"), SelectParser.parse("select * from d where a between '1' and '5'").where());
        assertEquals(cmp("a", Op.IN, "1", "2", "3"), SelectParser.parse("select * from d where a in ('1', '2', '3')").where());
        assertEquals(new NullTest(new Operand("a", false), true), SelectParser.parse("select * from d where a is null").where());
        assertEquals(new NullTest(new Operand("a", false), false), SelectParser.parse("select * from d where a is not null").where());
        assertEquals(new Comparison(new Operand("k", true), Op.EQ, List.of("b")),
                SelectParser.parse("select * from d where every(k) = 'b'").where());
        assertEquals(new Comparison(Operand.itemName(), Op.LIKE, List.of("i%")),
                SelectParser.parse("select * from d where itemName() like 'i%'").where());
    }

    @Test
    void quotingDoublesTheQuote() {
        assertEquals(cmp("a", Op.EQ, "it's"), SelectParser.parse("select * from d where a = 'it''s'").where());
        assertEquals(cmp("a", Op.EQ, "say \"hi\""), SelectParser.parse("select * from d where a = \"say \"\"hi\"\"\"").where());
        assertEquals(cmp("we`ird", Op.EQ, "x"), SelectParser.parse("select * from d where `we``ird` = 'x'").where());
        assertEquals(cmp("select", Op.EQ, "x"), SelectParser.parse("select * from d where `select` = 'x'").where());
    }

    @Test
    void precedenceIntersectionLowestThenOrThenAndThenNot() {
        var e = SelectParser.parse("select * from d where a = '1' or b = '2' and not c = '3' intersection e = '4'").where();
        Intersection i = assertInstanceOf(Intersection.class, e);
        Or or = assertInstanceOf(Or.class, i.left());
        And and = assertInstanceOf(And.class, or.right());
        assertInstanceOf(Not.class, and.right());
        assertEquals(cmp("e", Op.EQ, "4"), i.right());
        var p = SelectParser.parse("select * from d where (a = '1' or b = '2') and c = '3'").where();
        assertInstanceOf(Or.class, assertInstanceOf(And.class, p).left());
    }

    @Test
    void orderByAndLimit() {
        SelectStatement st = SelectParser.parse("select * from d where a > '1' order by a desc limit 2500");
        assertEquals("a", st.sort().attribute());
        assertTrue(st.sort().descending());
        assertEquals(2500, st.limit());
        SelectStatement byName = SelectParser.parse("select * from d order by itemName() asc");
        assertTrue(byName.sort().byItemName());
        assertEquals(false, byName.sort().descending());
        // every() and "is not null" constrain the sort attribute too
        SelectParser.parse("select * from d where author is null and title is not null order by title");
        SelectParser.parse("select * from d where every(t) > '1' order by t");
        // count(*) may count past 2500
        assertEquals(10000, SelectParser.parse("select count(*) from d limit 10000").limit());
    }

    private static AwsException fails(String expr) {
        return assertThrows(AwsException.class, () -> SelectParser.parse(expr));
    }

    @Test
    void syntaxErrorsAreInvalidQueryExpression() {
        for (String bad : List.of("select from d", "select * d", "select * from", "select * from d where",
                "select * from d where a = 1", "select * from d where a = 'x", "select * from d where a == 'x'",
                "select * from d where a 'x'", "select * from d where (a = 'x'", "select * from d limit",
                "select * from d limit 'x'", "select * from d where a in ()", "select * from d order a",
                "select * from d where every(a) is null", "select * from d trailing", "select * from d where select = 'x'",
                "select * from d where a = 'x' and", "select * from d where a ~ 'x'", "select * from my-domain",
                "delete from d")) {
            AwsException e = fails(bad);
            assertEquals("InvalidQueryExpression", e.code(), bad);
            assertEquals(400, e.httpStatus());
            assertEquals("The specified query expression syntax is not valid.", e.getMessage());
        }
    }

    @Test
    void documentedLimitErrors() {
        AwsException sort = fails("select * from d order by Year asc");
        assertEquals("InvalidSortExpression", sort.code());
        assertEquals("InvalidSortExpression", fails("select * from d where author is null order by title").code());
        assertEquals("InvalidSortExpression", fails("select * from d where a is null order by a").code());
        assertEquals("InvalidSortExpression", fails("select * from d where not a = '1' order by a").code());

        StringBuilder many = new StringBuilder("select * from d where a0 = '0'");
        for (int i = 1; i <= 20; i++) many.append(" or a").append(i).append(" = '").append(i).append("'");
        assertEquals("InvalidNumberPredicates", fails(many.toString()).code());

        StringBuilder in = new StringBuilder("select * from d where a in ('0'");
        for (int i = 1; i <= 20; i++) in.append(", '").append(i).append("'");
        assertEquals("InvalidNumberValueTests", fails(in + ")").code());

        StringBuilder attrs = new StringBuilder("select a0");
        for (int i = 1; i <= 256; i++) attrs.append(", a").append(i);
        AwsException tooMany = fails(attrs + " from d");
        assertEquals("TooManyRequestedAttributes", tooMany.code());
        assertEquals(400, tooMany.httpStatus());

        assertEquals("InvalidParameterValue", fails("select * from d limit 2501").code());
        assertEquals("InvalidParameterValue", fails("select * from d limit 0").code());
        assertEquals("MissingParameter", fails("  ").code());
    }

    @Test
    void errorsCarryBoxUsage() {
        assertEquals("0.0000219907", fails("select").extra().get("BoxUsage"));
    }
}
