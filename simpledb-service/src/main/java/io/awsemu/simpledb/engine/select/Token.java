package io.awsemu.simpledb.engine.select;

/** One lexeme of a select expression; {@code text} is unquoted for names and strings. */
public record Token(Kind kind, String text, int position) {

    public enum Kind {
        KEYWORD,      // lower-cased reserved word
        NAME,         // bare identifier
        QUOTED_NAME,  // `backquoted` name, never a keyword
        STRING,       // 'single' or "double" quoted value
        NUMBER,       // unsigned decimal digits
        SYMBOL,       // * , ( ) = != < <= > >=
        END
    }

    public boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    public boolean keyword(String k) { return is(Kind.KEYWORD, k); }

    public boolean symbol(String s) { return is(Kind.SYMBOL, s); }

    /** A bare name compared without case (itemName, count). */
    public boolean bare(String name) { return kind == Kind.NAME && text.equalsIgnoreCase(name); }
}
