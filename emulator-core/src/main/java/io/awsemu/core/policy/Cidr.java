package io.awsemu.core.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** CIDR blocks for the IpAddress/NotIpAddress condition operators, IPv4 and IPv6. */
final class Cidr {
    private Cidr() {}

    /** Whether {@code address} lies in {@code block} ("203.0.113.0/24", "2001:db8::/32", or one address). */
    static boolean contains(String block, String address) {
        try {
            int slash = block.indexOf('/');
            byte[] net = literal(slash < 0 ? block : block.substring(0, slash));
            byte[] addr = literal(address);
            if (net.length != addr.length) return false;
            int bits = slash < 0 ? net.length * 8 : Integer.parseInt(block.substring(slash + 1));
            if (bits < 0 || bits > net.length * 8) return false;
            BigInteger mask = BigInteger.ONE.shiftLeft(net.length * 8).subtract(BigInteger.ONE)
                    .shiftRight(bits).not();
            return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    // literals only: never a DNS lookup
    private static byte[] literal(String s) throws UnknownHostException {
        String t = s.trim();
        if (!t.matches("[0-9a-fA-F:.]+")) throw new UnknownHostException(t);
        return InetAddress.getByName(t).getAddress();
    }
}
