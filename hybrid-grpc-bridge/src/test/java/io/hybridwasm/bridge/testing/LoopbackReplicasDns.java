package io.hybridwasm.bridge.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Test DNS (JDK 18+ resolver SPI): {@value #NAME} has three A records, {@code 127.0.0.1},
 * {@code 127.0.0.2} and {@code 127.0.0.3} (Linux routes all of 127.0.0.0/8 to loopback), like a
 * Kubernetes headless service with three ready pods. Every other name and every reverse lookup
 * goes to the JDK's built-in resolver unchanged, so other tests in the JVM see no difference.
 *
 * <p>Registered in {@code src/test/resources/META-INF/services}; the JDK picks it up at the
 * first name lookup of the test JVM.
 */
public final class LoopbackReplicasDns extends InetAddressResolverProvider {
    /** The name with three addresses. */
    public static final String NAME = "replicas.hybrid.test";
    /** Its addresses, in the order they are answered. */
    public static final List<String> ADDRESSES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (!NAME.equals(host.toLowerCase(Locale.ROOT))
                        || (policy.characteristics() & LookupPolicy.IPV4) == 0) {
                    return builtin.lookupByName(host, policy);
                }
                InetAddress[] addresses = new InetAddress[ADDRESSES.size()];
                for (int i = 0; i < addresses.length; i++) {
                    String[] octets = ADDRESSES.get(i).split("\\.");
                    byte[] raw = new byte[4];
                    for (int j = 0; j < 4; j++) {
                        raw[j] = (byte) Integer.parseInt(octets[j]);
                    }
                    addresses[i] = InetAddress.getByAddress(host, raw);
                }
                return Stream.of(addresses);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "hybrid-test-loopback-replicas";
    }
}
