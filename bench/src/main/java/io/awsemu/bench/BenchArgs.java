package io.awsemu.bench;

/** Command-line parsing the benches share: a flag's value and whole-number checks, with readable errors. */
final class BenchArgs {
    private BenchArgs() {}

    /** {@code args[i]}, the value that follows {@code flag}. */
    static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }

    static int positive(String v, String flag) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(flag + " needs a positive integer, got " + v);
    }
}
