package io.hybridwasm.bridge.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.netty.NettyChannelBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gRPC service config (the JSON form of gRPC's {@code service_config.proto}) in the shape
 * {@code ManagedChannelBuilder.defaultServiceConfig} takes: maps, lists, strings, booleans and
 * numbers as {@link Double}. The JSON is parsed by {@code protobuf-java-util} into a
 * {@link Struct}, whose values are already of exactly those kinds. Stateless.
 */
public final class ServiceConfigs {
    private ServiceConfigs() {
    }

    /**
     * @throws IllegalArgumentException when {@code json} is not a JSON object; the message says where
     */
    public static Map<String, ?> parse(String json) {
        Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalArgumentException("service config is not a JSON object: " + e.getMessage(), e);
        }
        return map(struct.build());
    }

    /**
     * Parses {@code json} and lets gRPC itself judge it, by building (and at once discarding) a
     * channel that never connects: gRPC refuses an invalid default service config when a channel
     * is built.
     *
     * @throws IllegalArgumentException naming what gRPC or the JSON parser found wrong
     */
    public static void check(String json) {
        Map<String, ?> config = parse(json);
        try {
            NettyChannelBuilder.forAddress("127.0.0.1", 9).usePlaintext().defaultServiceConfig(config).build()
                    .shutdownNow();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("gRPC rejects the service config: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> map(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((key, value) -> map.put(key, plain(value)));
        return map;
    }

    private static List<Object> list(ListValue values) {
        List<Object> list = new ArrayList<>();
        values.getValuesList().forEach(v -> list.add(plain(v)));
        return list;
    }

    private static Object plain(Value value) {
        return switch (value.getKindCase()) {
            case STRUCT_VALUE -> map(value.getStructValue());
            case LIST_VALUE -> list(value.getListValue());
            case STRING_VALUE -> value.getStringValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case BOOL_VALUE -> value.getBoolValue();
            case NULL_VALUE, KIND_NOT_SET -> null;
        };
    }
}
