package io.awsemu.simpledb;

import io.awsemu.core.testing.AwsCli;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's AWS CLI 2.9 (/usr/bin/aws, not a pyenv shim), whose botocore still ships {@code aws sdb}
 * and signs it with SigV2 over POST; skipped without it.
 */
class SimpleDbCliIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sdb").build();

    @BeforeAll
    static void cliPresent() {
        AwsCli.assumeInstalled();
    }

    static ProcessResult aws(String... args) throws Exception {
        return awsAs("test", args);
    }

    static ProcessResult awsAs(String secret, String... args) throws Exception {
        return AwsCli.on(emu.port()).secret(secret).run(args);
    }

    static ProcessResult ok(String... args) throws Exception {
        ProcessResult r = aws(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    @Test
    void snapshotBookkeeping() throws Exception {
        assertEquals("", ok("sdb", "create-domain", "--domain-name", "cli-snapshots").stdout());
        ok("sdb", "put-attributes", "--domain-name", "cli-snapshots", "--item-name", "snap-1234",
                "--attributes", "Name=expires,Value=2010-08-01 12:00:00,Replace=true");
        ok("sdb", "put-attributes", "--domain-name", "cli-snapshots", "--item-name", "snap-5678",
                "--attributes", "Name=expires,Value=2010-08-03 12:00:00,Replace=true");

        ProcessResult select = ok("sdb", "select", "--consistent-read", "--select-expression",
                "select * from `cli-snapshots` where expires < '2010-08-02 00:00:00'");
        assertEquals("""
                {
                    "Items": [
                        {
                            "Name": "snap-1234",
                            "Attributes": [
                                {
                                    "Name": "expires",
                                    "Value": "2010-08-01 12:00:00"
                                }
                            ]
                        }
                    ]
                }
                """, select.stdout(), select.toString());

        ProcessResult get = ok("sdb", "get-attributes", "--domain-name", "cli-snapshots", "--item-name", "snap-1234");
        assertEquals("""
                {
                    "Attributes": [
                        {
                            "Name": "expires",
                            "Value": "2010-08-01 12:00:00"
                        }
                    ]
                }
                """, get.stdout(), get.toString());

        ProcessResult md = ok("sdb", "domain-metadata", "--domain-name", "cli-snapshots");
        assertTrue(md.stdout().contains("\"ItemCount\": 2,"), md.toString());
        assertTrue(md.stdout().contains("\"AttributeValuesSizeBytes\": 38,"), md.toString());
        assertTrue(md.stdout().matches("(?s).*\"Timestamp\": \\d+\n.*"), md.toString());

        ProcessResult list = ok("sdb", "list-domains");
        assertTrue(list.stdout().contains("\"cli-snapshots\""), list.toString());

        assertEquals("", ok("sdb", "delete-attributes", "--domain-name", "cli-snapshots", "--item-name", "snap-1234").stdout());
        // no attributes left: the CLI prints nothing for an empty answer
        assertEquals("", ok("sdb", "get-attributes", "--domain-name", "cli-snapshots", "--item-name", "snap-1234").stdout());

        ok("sdb", "batch-put-attributes", "--domain-name", "cli-snapshots", "--items",
                "Name=b1,Attributes=[{Name=n,Value=1}]", "Name=b2,Attributes=[{Name=n,Value=2}]");
        ok("sdb", "batch-delete-attributes", "--domain-name", "cli-snapshots", "--items", "Name=b1");
        ProcessResult names = ok("sdb", "select", "--select-expression", "select itemName() from `cli-snapshots` where n > '0'");
        assertTrue(names.stdout().contains("\"Name\": \"b2\"") && !names.stdout().contains("\"b1\""), names.toString());

        ok("sdb", "delete-domain", "--domain-name", "cli-snapshots");
        assertTrue(!ok("sdb", "list-domains").stdout().contains("cli-snapshots"));
    }

    @Test
    void errors() throws Exception {
        ProcessResult md = aws("sdb", "domain-metadata", "--domain-name", "cli-missing");
        assertEquals(254, md.exit(), md.toString());
        assertTrue(md.stderr().contains("An error occurred (NoSuchDomain) when calling the DomainMetadata operation: "
                + "The specified domain does not exist."), md.toString());

        ok("sdb", "create-domain", "--domain-name", "cli-errors");
        ProcessResult bad = aws("sdb", "select", "--select-expression", "select * from `cli-errors` where");
        assertEquals(254, bad.exit(), bad.toString());
        assertTrue(bad.stderr().contains("An error occurred (InvalidQueryExpression) when calling the Select operation: "
                + "The specified query expression syntax is not valid."), bad.toString());

        ok("sdb", "put-attributes", "--domain-name", "cli-errors", "--item-name", "i", "--attributes", "Name=v,Value=1");
        ProcessResult cond = aws("sdb", "put-attributes", "--domain-name", "cli-errors", "--item-name", "i",
                "--attributes", "Name=v,Value=2,Replace=true", "--expected", "Name=v,Value=9");
        assertEquals(254, cond.exit(), cond.toString());
        assertTrue(cond.stderr().contains("An error occurred (ConditionalCheckFailed) when calling the PutAttributes operation: "
                + "Conditional check failed. Attribute (v) value is (1) but was expected (9)"), cond.toString());

        ProcessResult wrong = awsAs("not-the-secret", "sdb", "list-domains");
        assertEquals(254, wrong.exit(), wrong.toString());
        assertTrue(wrong.stderr().contains("An error occurred (SignatureDoesNotMatch) when calling the ListDomains operation"),
                wrong.toString());
        ok("sdb", "delete-domain", "--domain-name", "cli-errors");
    }
}
