package io.awsemu.simpledb.engine;

import io.awsemu.simpledb.SimpleDbErrors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque paging tokens. A Select token is the position after the last returned item (its sort value
 * and name), bound to the domain, where and order by clauses: so paging resumes correctly after
 * inserts, and a count(*) token works for a select with the same clauses, as documented.
 */
public final class NextTokens {
    private NextTokens() {}

    /** Where a page ended: {@code sortValue} is null for item-name order. */
    public record Position(String sortValue, String item) {}

    public static String queryKey(String domain, Object where, Object sort) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest((domain + "\u0000" + where + "\u0000" + sort).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String select(String queryKey, Position p) {
        String body = "s1|" + queryKey + "|" + (p.sortValue() == null ? "-" : "+" + b64(p.sortValue())) + "|" + b64(p.item());
        return b64(body);
    }

    public static Position parseSelect(String token, String queryKey) {
        try {
            String[] f = unb64(token).split("\\|", -1);
            if (f.length != 4 || !f[0].equals("s1") || !f[1].equals(queryKey)) throw SimpleDbErrors.invalidNextToken();
            String sv = f[2].equals("-") ? null : f[2].startsWith("+") ? unb64(f[2].substring(1)) : null;
            if (sv == null && !f[2].equals("-")) throw SimpleDbErrors.invalidNextToken();
            return new Position(sv, unb64(f[3]));
        } catch (IllegalArgumentException e) {
            throw SimpleDbErrors.invalidNextToken();
        }
    }

    public static String domains(String lastName) {
        return b64("d1|" + lastName);
    }

    public static String parseDomains(String token) {
        try {
            String s = unb64(token);
            if (!s.startsWith("d1|")) throw SimpleDbErrors.invalidNextToken();
            return s.substring(3);
        } catch (IllegalArgumentException e) {
            throw SimpleDbErrors.invalidNextToken();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s.trim()), StandardCharsets.UTF_8);
    }
}
