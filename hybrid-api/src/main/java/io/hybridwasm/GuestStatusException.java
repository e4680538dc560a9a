package io.hybridwasm;

import java.util.Optional;

/**
 * The guest's entry function returned a non-zero status. The raw code is kept, since a guest
 * may return codes of its own; {@link #hostStatus()} names it when it is an ABI code.
 */
public class GuestStatusException extends HybridException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public GuestStatusException(String function, int code) {
        super(HostStatus.fromCode(code).orElse(HostStatus.REMOTE_ERROR),
                "guest function '" + function + "' returned status " + code
                        + HostStatus.fromCode(code).map(s -> " (" + s + ")").orElse(""));
        this.code = code;
    }

    /** The status code exactly as the guest returned it. */
    public int code() {
        return code;
    }

    /** The ABI status with this code, if the code is one of the ABI's. */
    public Optional<HostStatus> hostStatus() {
        return HostStatus.fromCode(code);
    }
}
