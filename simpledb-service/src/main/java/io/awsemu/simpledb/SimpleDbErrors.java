package io.awsemu.simpledb;

import io.awsemu.core.error.AwsException;

/**
 * SimpleDB's errors, named after the codes of the Developer Guide's "API Error Codes" table, with its
 * messages and statuses. Every error carries a {@code BoxUsage} element, as SimpleDB's error envelope does.
 */
public final class SimpleDbErrors {
    private SimpleDbErrors() {}

    /** What SimpleDB charges for a rejected request; its error bodies always carry one. */
    public static final String ERROR_BOX_USAGE = "0.0000219907";

    private static AwsException error(String code, int status, String message) {
        return new AwsException(code, status, message).with("BoxUsage", ERROR_BOX_USAGE);
    }

    public static AwsException attributeDoesNotExist(String name) {
        return error("AttributeDoesNotExist", 404, "Attribute (" + name + ") does not exist");
    }

    public static AwsException conditionalCheckFailedExists(String name) {
        return error("ConditionalCheckFailed", 409, "Conditional check failed. Attribute (" + name + ") value exists.");
    }

    public static AwsException conditionalCheckFailed(String name, String value, String expected) {
        return error("ConditionalCheckFailed", 409, "Conditional check failed. Attribute (" + name
                + ") value is (" + value + ") but was expected (" + expected + ")");
    }

    public static AwsException existsAndExpectedValue() {
        return error("ExistsAndExpectedValue", 400, "Expected.Exists=false and Expected.Value cannot be specified together");
    }

    public static AwsException incompleteExpectedExpression() {
        return error("IncompleteExpectedExpression", 400,
                "If Expected.Exists=true or unspecified, then Expected.Value has to be specified");
    }

    public static AwsException multiValuedAttribute(String name) {
        return error("MultiValuedAttribute", 409, "Attribute (" + name
                + ") is multi-valued. Conditional check can only be performed on a single-valued attribute");
    }

    public static AwsException duplicateItemName(String item) {
        return error("DuplicateItemName", 400, "Item " + item + " was specified more than once.");
    }

    public static AwsException invalidNextToken() {
        return error("InvalidNextToken", 400, "The specified next token is not valid.");
    }

    public static AwsException invalidNumberPredicates() {
        return error("InvalidNumberPredicates", 400, "Too many predicates in the query expression.");
    }

    public static AwsException invalidNumberValueTests() {
        return error("InvalidNumberValueTests", 400, "Too many value tests per predicate in the query expression.");
    }

    public static AwsException invalidParameterValue(String message) {
        return error("InvalidParameterValue", 400, message);
    }

    public static AwsException invalidParameterValue(String parameter, String value, String why) {
        return error("InvalidParameterValue", 400, "Value (" + value + ") for parameter " + parameter
                + " is invalid." + (why == null ? "" : " " + why));
    }

    public static AwsException invalidQueryExpression() {
        return error("InvalidQueryExpression", 400, "The specified query expression syntax is not valid.");
    }

    public static AwsException invalidSortExpression() {
        return error("InvalidSortExpression", 400, "The sort attribute must be present in at least one of the "
                + "predicates, and the predicate cannot contain the is null operator.");
    }

    public static AwsException missingParameter(String name) {
        return error("MissingParameter", 400, "The request must contain the parameter " + name);
    }

    public static AwsException missingAttributeValue() {
        return error("MissingParameter", 400, "The request must contain the attribute Value, if an attribute Name is specified.");
    }

    public static AwsException missingAttributeName() {
        return error("MissingParameter", 400, "The request must contain the attribute Name, if an attribute Value is specified.");
    }

    public static AwsException noSuchDomain() {
        return error("NoSuchDomain", 400, "The specified domain does not exist.");
    }

    public static AwsException numberDomainsExceeded() {
        return error("NumberDomainsExceeded", 409, "Number of domains limit exceeded.");
    }

    public static AwsException numberDomainAttributesExceeded() {
        return error("NumberDomainAttributesExceeded", 409, "Too many attributes in this domain.");
    }

    public static AwsException numberDomainBytesExceeded() {
        return error("NumberDomainBytesExceeded", 409, "Too many bytes in this domain.");
    }

    public static AwsException numberItemAttributesExceeded() {
        return error("NumberItemAttributesExceeded", 409, "Too many attributes in this item.");
    }

    public static AwsException numberSubmittedAttributesExceeded() {
        return error("NumberSubmittedAttributesExceeded", 409, "Too many attributes in a single call.");
    }

    public static AwsException numberSubmittedItemsExceeded() {
        return error("NumberSubmittedItemsExceeded", 409, "Too many items in a single call. Up to 25 items per call allowed.");
    }

    public static AwsException tooManyRequestedAttributes() {
        return error("TooManyRequestedAttributes", 400, "Too many attributes requested.");
    }
}
