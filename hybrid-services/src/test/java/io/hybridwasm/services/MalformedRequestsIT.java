package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.hybridwasm.proto.v1.CloseSessionRequest;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.OpenSessionRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.testing.TestServer;
import io.hybridwasm.services.testing.Xorshift64Star;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * 3000 malformed requests from a plain gRPC client (raw bytes: random, truncated, wrong wire
 * types) to Execute, OpenSession, CloseSession and ListServices: every one that does not parse
 * is answered INVALID_ARGUMENT, none UNKNOWN or INTERNAL, the server's log (JUL, where grpc-java
 * writes, and slf4j-simple's stderr) grows by less than 10 KB, and the next valid call succeeds.
 */
class MalformedRequestsIT {
    private static final int REQUESTS = 3_000;
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private record Target(String method, Parser<?> parser, byte[] valid) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("Execute", ExecuteRequest.parser(), ExecuteRequest.newBuilder().setService("Echo")
                    .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW)
                            .setData(ByteString.copyFromUtf8("some payload bytes"))).build().toByteArray()),
            new Target("OpenSession", OpenSessionRequest.parser(), OpenSessionRequest.getDefaultInstance().toByteArray()),
            new Target("CloseSession", CloseSessionRequest.parser(),
                    CloseSessionRequest.newBuilder().setSessionId("0123456789abcdef").build().toByteArray()),
            new Target("ListServices", ListServicesRequest.parser(), ListServicesRequest.getDefaultInstance().toByteArray()));

    private static MethodDescriptor<byte[], byte[]> raw(String method) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(RemoteExecutionGrpc.SERVICE_NAME, method))
                .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
    }

    /** Random bytes, a truncated valid message, or field 1 with a wrong wire type and a bad length. */
    private static byte[] garbage(int i, Target target, Xorshift64Star rng) {
        byte[] bytes;
        switch (i % 3) {
            case 0 -> {
                bytes = new byte[1 + (int) Long.remainderUnsigned(rng.nextLong(), 64)];
                for (int b = 0; b < bytes.length; b++) {
                    bytes[b] = (byte) rng.nextLong();
                }
            }
            case 1 -> {
                byte[] valid = target.valid().length > 1 ? target.valid() : new byte[] {0x0a, 0x10, 'x'};
                bytes = Arrays.copyOf(valid, 1 + (int) Long.remainderUnsigned(rng.nextLong(), valid.length - 1));
            }
            default -> bytes = new byte[] {0x0d, 0x01, 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        }
        return bytes;
    }

    private static boolean parses(Parser<?> parser, byte[] bytes) {
        try {
            parser.parseFrom(bytes);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    @Test
    void garbageIsInvalidArgumentQuietlyAndTheServerCarriesOn() throws Exception {
        AtomicLong julBytes = new AtomicLong();
        Handler capture = new Handler() {
            private final SimpleFormatter format = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                julBytes.addAndGet(format.format(record).getBytes(StandardCharsets.UTF_8).length);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        Map<Status.Code, Integer> answers = new EnumMap<>(Status.Code.class);
        int unparseable = 0;
        try (TestServer server = TestServer.start()) {
            root.addHandler(capture);
            System.setErr(new PrintStream(tee(originalErr, stderr), true, StandardCharsets.UTF_8));
            try {
                Xorshift64Star rng = new Xorshift64Star(9);
                for (int i = 0; i < REQUESTS; i++) {
                    Target target = TARGETS.get(i % TARGETS.size());
                    byte[] bytes = garbage(i / TARGETS.size(), target, rng);
                    Status.Code code;
                    try {
                        ClientCalls.blockingUnaryCall(server.channel(), raw(target.method()),
                                io.grpc.CallOptions.DEFAULT, bytes);
                        code = Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                        code = e.getStatus().getCode();
                    }
                    answers.merge(code, 1, Integer::sum);
                    assertNotEquals(Status.Code.UNKNOWN, code, target.method() + " " + Arrays.toString(bytes));
                    assertNotEquals(Status.Code.INTERNAL, code, target.method() + " " + Arrays.toString(bytes));
                    if (!parses(target.parser(), bytes)) {
                        unparseable++;
                        assertEquals(Status.Code.INVALID_ARGUMENT, code, target.method() + " " + Arrays.toString(bytes));
                    }
                }
            } finally {
                System.setErr(originalErr);
                root.removeHandler(capture);
            }
            assertEquals("ok", server.blocking().execute(ExecuteRequest.newBuilder().setService("Echo")
                    .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW)
                            .setData(ByteString.copyFromUtf8("ok"))).build()).getOutput().getData().toStringUtf8());
        }
        long logBytes = julBytes.get() + stderr.size();
        System.out.printf("%d malformed requests (%d unparseable): answers %s; log grew by %d bytes%n",
                REQUESTS, unparseable, answers, logBytes);
        assertTrue(unparseable >= REQUESTS / 2, "the garbage mostly does not parse: " + unparseable);
        assertTrue(logBytes < 10 * 1024, "log grew by " + logBytes + " bytes:\n" + stderr.toString(StandardCharsets.UTF_8));
        long lines = stderr.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("malformed")).count();
        assertTrue(lines >= 1 && lines <= TARGETS.size(), "one line per method in the interval at most, got " + lines);
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int value) throws IOException {
                a.write(value);
                b.write(value);
            }

            @Override
            public void write(byte[] bytes, int off, int len) throws IOException {
                a.write(bytes, off, len);
                b.write(bytes, off, len);
            }
        };
    }
}
