package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code DomainMetadataResult}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainMetadataResult(
        @JsonProperty("ItemCount") Integer itemCount,
        @JsonProperty("ItemNamesSizeBytes") Long itemNamesSizeBytes,
        @JsonProperty("AttributeNameCount") Integer attributeNameCount,
        @JsonProperty("AttributeNamesSizeBytes") Long attributeNamesSizeBytes,
        @JsonProperty("AttributeValueCount") Integer attributeValueCount,
        @JsonProperty("AttributeValuesSizeBytes") Long attributeValuesSizeBytes,
        @JsonProperty("Timestamp") Integer timestamp) {}
