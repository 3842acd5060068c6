package io.awsemu.simpledb;

import io.awsemu.core.testing.Boto2;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Debian's boto 2 (SigV2 HmacSHA256 in the query string over GET, POST for batches) and hand-signed
 * HmacSHA1 requests, via {@code boto2_sdb.py}; skipped when python3-boto is not installed.
 */
class SimpleDbBoto2IT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sdb").build();

    @Test
    void snapshotBookkeepingThroughBoto2() throws Exception {
        ProcessResult r = Boto2.run(getClass(), "/boto2_sdb.py", emu.port(), "boto.sdb");
        Map<String, String> got = r.keyValues();
        Map<String, String> want = new LinkedHashMap<>();
        want.put("create", "boto2-snapshots");
        want.put("list", "boto2-snapshots");
        want.put("select", "snap-1234:{'expires': '2010-08-01 12:00:00'}");
        want.put("get", "{'expires': '2010-08-01 12:00:00'}");
        want.put("after_delete", "snap-5678");
        want.put("get_deleted", "{}");
        want.put("multi", "['blue', 'red']");
        want.put("replaced", "green");
        want.put("conditional", "409 ConditionalCheckFailed");
        want.put("conditional_absent", "409 ConditionalCheckFailed");
        want.put("conditional_ok", "yellow");
        want.put("batch", "b3");
        want.put("metadata", "3 3 3");
        want.put("count", "3");
        want.put("no_such_domain", "400 NoSuchDomain");
        want.put("bad_query", "400 InvalidQueryExpression");
        want.put("bad_domain_name", "400 InvalidParameterValue");
        want.put("wrong_secret", "403 SignatureDoesNotMatch");
        // known mode: an unknown key is accepted (and lands in the default account)
        want.put("unknown_key", "boto2-snapshots");
        want.put("sha1_get", "200 True");
        want.put("sha1_post", "200 True");
        want.put("sha1_wrong", "403 True");
        want.put("deleted", "");
        assertEquals(want, got, r.toString());
    }
}
