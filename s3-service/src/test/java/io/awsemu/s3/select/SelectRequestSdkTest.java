package io.awsemu.s3.select;

import com.amazonaws.services.s3.model.CSVInput;
import com.amazonaws.services.s3.model.CSVOutput;
import com.amazonaws.services.s3.model.CompressionType;
import com.amazonaws.services.s3.model.ExpressionType;
import com.amazonaws.services.s3.model.FileHeaderInfo;
import com.amazonaws.services.s3.model.InputSerialization;
import com.amazonaws.services.s3.model.JSONInput;
import com.amazonaws.services.s3.model.JSONOutput;
import com.amazonaws.services.s3.model.JSONType;
import com.amazonaws.services.s3.model.OutputSerialization;
import com.amazonaws.services.s3.model.QuoteFields;
import com.amazonaws.services.s3.model.RequestProgress;
import com.amazonaws.services.s3.model.ScanRange;
import com.amazonaws.services.s3.model.SelectObjectContentRequest;
import com.amazonaws.services.s3.model.transform.RequestXmlFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request documents as a real client marshals them (AWS SDK for Java v1's own XML factory). */
class SelectRequestSdkTest {

    @Test
    void csvRequestFromSdkV1() {
        SelectObjectContentRequest r = new SelectObjectContentRequest()
                .withBucketName("b").withKey("k")
                .withExpression("SELECT s._1 FROM S3Object s WHERE s._2 < '5' & 1 > 0")
                .withExpressionType(ExpressionType.SQL)
                .withInputSerialization(new InputSerialization().withCompressionType(CompressionType.GZIP)
                        .withCsv(new CSVInput().withFileHeaderInfo(FileHeaderInfo.USE).withComments(";")
                                .withRecordDelimiter("\r\n").withFieldDelimiter("\t").withQuoteCharacter("'")
                                .withQuoteEscapeCharacter("\\").withAllowQuotedRecordDelimiter(true)))
                .withOutputSerialization(new OutputSerialization().withCsv(new CSVOutput()
                        .withQuoteFields(QuoteFields.ALWAYS).withRecordDelimiter("\n").withFieldDelimiter(" ")
                        .withQuoteCharacter("\"").withQuoteEscapeCharacter("\"")))
                .withRequestProgress(new RequestProgress().withEnabled(true));
        SelectRequest p = SelectRequest.parse(RequestXmlFactory.convertToXmlByteArray(r));
        assertEquals("SELECT s._1 FROM S3Object s WHERE s._2 < '5' & 1 > 0", p.expression());
        assertEquals(SelectRequest.Compression.GZIP, p.compression());
        assertEquals(new SelectRequest.CsvInput(SelectRequest.FileHeaderInfo.USE, ";", "\\", "\r\n", "\t", "'", true), p.input());
        assertEquals(new SelectRequest.CsvOutput(SelectRequest.QuoteFields.ALWAYS, "\"", "\n", " ", "\""), p.output());
        assertTrue(p.requestProgress());
    }

    @Test
    void jsonRequestWithScanRangeFromSdkV1() {
        SelectObjectContentRequest r = new SelectObjectContentRequest()
                .withBucketName("b").withKey("k").withExpression("SELECT * FROM S3Object").withExpressionType("SQL")
                .withInputSerialization(new InputSerialization().withJson(new JSONInput().withType(JSONType.LINES)))
                .withOutputSerialization(new OutputSerialization().withJson(new JSONOutput().withRecordDelimiter("\n")))
                .withScanRange(new ScanRange().withStart(10L).withEnd(20L));
        SelectRequest p = SelectRequest.parse(RequestXmlFactory.convertToXmlByteArray(r));
        assertEquals(new SelectRequest.JsonInput(SelectRequest.JsonType.LINES), p.input());
        assertEquals(new SelectRequest.JsonOutput("\n"), p.output());
        assertEquals(new SelectRequest.ScanRange(10L, 20L), p.scanRange());
        assertEquals(SelectRequest.Compression.NONE, p.compression());
    }
}
