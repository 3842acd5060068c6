package io.awsemu.core.auth;

import io.awsemu.core.server.EmulatorConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configured access key pairs, and which account each access key belongs to. */
public final class Credentials {
    private final Map<String, String> secrets;
    private final Map<String, String> accounts;
    private final String defaultAccount;

    private Credentials(Map<String, String> secrets, Map<String, String> accounts, String defaultAccount) {
        this.secrets = Collections.unmodifiableMap(secrets);
        this.accounts = Collections.unmodifiableMap(accounts);
        this.defaultAccount = defaultAccount;
    }

    /** Entries are {@code accessKey:secretKey[:accountId]}; a pair without an account uses the default account. */
    public static Credentials fromConfig(EmulatorConfig cfg) {
        return of(cfg.credentialEntries(), cfg.defaultAccount());
    }

    public static Credentials of(Iterable<String> entries, String defaultAccount) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> accounts = new LinkedHashMap<>();
        for (String e : entries) {
            String[] p = e.trim().split(":", -1);
            if (p.length < 2 || p[0].isEmpty() || p[1].isEmpty()) {
                throw new IllegalArgumentException("awsemu.credentials entry '" + e + "' is not accessKey:secretKey[:accountId]");
            }
            String secret = p[1];
            String account = null;
            if (p.length >= 3) {
                String last = p[p.length - 1];
                if (isAccountId(last)) {
                    account = last;
                    secret = String.join(":", java.util.Arrays.copyOfRange(p, 1, p.length - 1));
                } else {
                    secret = String.join(":", java.util.Arrays.copyOfRange(p, 1, p.length));
                }
            }
            secrets.put(p[0], secret);
            if (account != null) accounts.put(p[0], account);
        }
        return new Credentials(secrets, accounts, defaultAccount);
    }

    public Optional<String> secret(String accessKeyId) {
        return accessKeyId == null ? Optional.empty() : Optional.ofNullable(secrets.get(accessKeyId));
    }

    /** Configured account; else a 12-digit access key is its own account (LocalStack's habit); else the default. */
    public String accountFor(String accessKeyId) {
        if (accessKeyId == null) return defaultAccount;
        String a = accounts.get(accessKeyId);
        if (a != null) return a;
        if (isAccountId(accessKeyId)) return accessKeyId;
        return defaultAccount;
    }

    public String defaultAccount() { return defaultAccount; }

    static boolean isAccountId(String s) {
        if (s.length() != 12) return false;
        for (int i = 0; i < 12; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
