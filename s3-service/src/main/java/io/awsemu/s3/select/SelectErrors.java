package io.awsemu.s3.select;

/**
 * S3 Select's errors, named after their codes (S3 API reference, "List of SELECT Object Content Error Codes"); all
 * are HTTP 400.
 */
final class SelectErrors {
    private SelectErrors() {}

    private static SelectException of(String code, String message) { return new SelectException(code, message); }

    static SelectException lexerInvalidChar(char c, int pos) { return of("LexerInvalidChar", "Invalid character '" + c + "' at position " + pos + "."); }
    static SelectException lexerInvalidLiteral(String what) { return of("LexerInvalidLiteral", "Invalid literal: " + what + "."); }
    static SelectException parseUnknownOperator(String op) { return of("ParseUnknownOperator", "Unknown operator '" + op + "'."); }
    static SelectException parseUnexpectedToken(String found) { return of("ParseUnexpectedToken", "Unexpected token " + found + "."); }
    static SelectException parseUnexpectedOperator(String op) { return of("ParseUnexpectedOperator", "Unexpected operator '" + op + "'."); }
    static SelectException parseUnexpectedKeyword(String kw) { return of("ParseUnExpectedKeyword", "Unexpected keyword " + kw.toUpperCase() + "."); }
    static SelectException parseExpectedExpression(String found) { return of("ParseExpectedExpression", "Expected an expression, found " + found + "."); }
    static SelectException parseExpectedKeyword(String kw, String found) { return of("ParseExpectedKeyword", "Expected " + kw + ", found " + found + "."); }
    static SelectException parseExpectedTokenType(String what, String found) { return of("ParseExpectedTokenType", "Expected " + what + ", found " + found + "."); }
    static SelectException parseEmptySelect() { return of("ParseEmptySelect", "The SELECT list is empty."); }
    static SelectException parseSelectMissingFrom() { return of("ParseSelectMissingFrom", "Missing FROM after the SELECT list."); }
    static SelectException parseAsteriskIsNotAloneInSelectList() { return of("ParseAsteriskIsNotAloneInSelectList", "Other expressions are not allowed in the SELECT list when * is used."); }
    static SelectException parseExpectedIdentForAlias(String found) { return of("ParseExpectedIdentForAlias", "Expected an identifier for the alias, found " + found + "."); }
    static SelectException parseExpectedLeftParenAfterCast() { return of("ParseExpectedLeftParenAfterCast", "Expected ( after CAST."); }
    static SelectException parseExpectedLeftParenBuiltinFunctionCall(String fn) { return of("ParseExpectedLeftParenBuiltinFunctionCall", "Expected ( after " + fn + "."); }
    static SelectException parseExpectedRightParenBuiltinFunctionCall(String found) { return of("ParseExpectedRightParenBuiltinFunctionCall", "Expected ), found " + found + "."); }
    static SelectException parseExpectedArgumentDelimiter(String found) { return of("ParseExpectedArgumentDelimiter", "Expected , between arguments, found " + found + "."); }
    static SelectException parseCastArity() { return of("ParseCastArity", "CAST takes one expression and AS type."); }
    static SelectException parseExpectedTypeName(String found) { return of("ParseExpectedTypeName", "Expected a type name, found " + found + "."); }
    static SelectException parseInvalidTypeParam(String type) { return of("ParseInvalidTypeParam", "Invalid type parameter for " + type + "."); }
    static SelectException parseExpectedWhenClause() { return of("ParseExpectedWhenClause", "Expected WHEN in CASE."); }
    static SelectException parseExpectedDatePart(String found) { return of("ParseExpectedDatePart", "Expected a date part, found " + found + "."); }
    static SelectException parseExpectedNumber(String found) { return of("ParseExpectedNumber", "Expected a number, found " + found + "."); }
    static SelectException parseNonUnaryAgregateFunctionCall(String fn) { return of("ParseNonUnaryAgregateFunctionCall", fn + " takes exactly one argument."); }
    static SelectException parseUnsupportedCallWithStar(String fn) { return of("ParseUnsupportedCallWithStar", "Only COUNT accepts (*), not " + fn + "."); }
    static SelectException parseInvalidPathComponent(String found) { return of("ParseInvalidPathComponent", "Invalid path component " + found + "."); }
    static SelectException parseExpectedIdentForGroupName() { return of("ParseExpectedIdentForGroupName", "GROUP BY is not supported."); }
    static SelectException parseMalformedJoin() { return of("ParseMalformedJoin", "JOIN is not supported."); }
    static SelectException multipleDataSourcesUnsupported() { return of("MultipleDataSourcesUnsupported", "Multiple data sources are not supported."); }
    static SelectException nestedTooDeeply() {
        return of("ParseUnsupportedSyntax", "The expression is nested too deeply: at most " + SqlParser.MAX_NESTING
                + " levels of parentheses, functions and NOT, and " + SelectQuery.MAX_DEPTH + " of operators in all.");
    }

    static SelectException parseUnsupportedSyntax(String what) { return of("ParseUnsupportedSyntax", what + " is not supported."); }
    static SelectException parseUnsupportedSelect(String why) { return of("ParseUnsupportedSelect", why); }
    static SelectException unsupportedSqlOperation(String why) { return of("UnsupportedSqlOperation", why); }
    static SelectException unsupportedFunction(String fn) { return of("UnsupportedFunction", "Unsupported function " + fn.toUpperCase() + "."); }
    static SelectException evaluatorInvalidArguments(String fn, String want) { return of("EvaluatorInvalidArguments", fn.toUpperCase() + " takes " + want + "."); }
    static SelectException evaluatorNegativeLimit() { return of("EvaluatorNegativeLimit", "LIMIT must not be negative."); }
    static SelectException expressionTooLong() { return of("ExpressionTooLong", "The SQL expression is too long: the maximum byte-length is 256 KB."); }
    static SelectException invalidColumnIndex(String name) { return of("InvalidColumnIndex", "Invalid column index " + name + "."); }
    static SelectException ambiguousFieldName(String name) { return of("AmbiguousFieldName", "The field name " + name + " matches several columns."); }
    static SelectException castFailed(Object value, String type) { return of("CastFailed", "Cannot cast " + Values.describe(value) + " to " + type + "."); }
    static SelectException invalidCast(Object value, String type) { return of("InvalidCast", "Cannot cast a " + Values.typeName(value) + " to " + type + "."); }
    static SelectException divisionByZero() { return of("DivisionByZero", "Division by zero."); }
    static SelectException integerOverflow() { return of("IntegerOverflow", "Integer overflow or underflow."); }
    static SelectException invalidDataType(String op, Object value) { return of("InvalidDataType", "Operator " + op + " cannot take a " + Values.typeName(value) + "."); }
    static SelectException incorrectSqlFunctionArgumentType(String fn, Object value) { return of("IncorrectSqlFunctionArgumentType", fn.toUpperCase() + " cannot take a " + Values.typeName(value) + "."); }
    static SelectException likeInvalidInputs(String why) { return of("LikeInvalidInputs", why); }
    static SelectException evaluatorLikePatternInvalidEscapeSequence() { return of("EvaluatorLikePatternInvalidEscapeSequence", "The LIKE pattern ends with its escape character."); }
    static SelectException valueParseFailure(String text) { return of("ValueParseFailure", "Cannot parse '" + text + "' as a timestamp."); }
    static SelectException evaluatorInvalidTimestampFormatPattern(String pattern) { return of("EvaluatorInvalidTimestampFormatPattern", "Invalid timestamp format pattern '" + pattern + "'."); }
}
