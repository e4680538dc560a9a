package io.hybridwasm.services.internal;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** A server call that records how it was closed, for testing interceptors without a transport. */
final class FakeServerCall extends ServerCall<String, String> {

    private static final MethodDescriptor.Marshaller<String> NO_MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public String parse(InputStream stream) {
            return "";
        }
    };

    private final MethodDescriptor<String, String> method;
    Status closedWith;

    /** A call of {@code fullMethodName}, e.g. {@code "hybrid.v1.RemoteExecution/Execute"}. */
    FakeServerCall(String fullMethodName) {
        this.method = MethodDescriptor.<String, String>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullMethodName)
                .setRequestMarshaller(NO_MARSHALLER)
                .setResponseMarshaller(NO_MARSHALLER)
                .build();
    }

    @Override
    public void request(int numMessages) {
    }

    @Override
    public void sendHeaders(Metadata headers) {
    }

    @Override
    public void sendMessage(String message) {
    }

    @Override
    public void close(Status status, Metadata trailers) {
        closedWith = status;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public MethodDescriptor<String, String> getMethodDescriptor() {
        return method;
    }
}
