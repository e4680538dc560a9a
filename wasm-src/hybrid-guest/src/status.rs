use std::fmt;

/// A status code of the guest ABI (abi.md, "Status codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// 0: success.
    Ok,
    /// -1: transport failed (connection refused or reset).
    NetworkError,
    /// -2: no healthy endpoint, server overloaded or shutting down.
    ServiceUnavailable,
    /// -3: the result buffer is too small; its length slot holds the size needed.
    BufferTooSmall,
    /// -4: the service is not on this module's allowlist.
    NotAllowed,
    /// -5: no resolver knows the service.
    UnknownService,
    /// -6: the deadline passed.
    Timeout,
    /// -7: the remote side refused the credentials.
    Unauthenticated,
    /// -8: a pointer or length is outside guest memory, or a name is not UTF-8.
    InvalidArgument,
    /// -9: the remote service failed while processing.
    RemoteError,
    /// -10: the payload exceeds the configured maximum message size.
    TooLarge,
    /// -11: the session the call carried is gone (expired, closed, its server restarted or
    /// unreachable); the host forgot it. Call [`crate::get_remote_session`] again and rebuild
    /// the state the session held.
    SessionExpired,
    /// Any code this version of the ABI does not define.
    Other(i32),
}

impl Status {
    /// Maps a raw code to its status; unknown codes become [`Status::Other`].
    pub const fn from_code(code: i32) -> Self {
        match code {
            0 => Status::Ok,
            -1 => Status::NetworkError,
            -2 => Status::ServiceUnavailable,
            -3 => Status::BufferTooSmall,
            -4 => Status::NotAllowed,
            -5 => Status::UnknownService,
            -6 => Status::Timeout,
            -7 => Status::Unauthenticated,
            -8 => Status::InvalidArgument,
            -9 => Status::RemoteError,
            -10 => Status::TooLarge,
            -11 => Status::SessionExpired,
            other => Status::Other(other),
        }
    }

    /// The raw code as it crosses the ABI.
    pub const fn code(self) -> i32 {
        match self {
            Status::Ok => 0,
            Status::NetworkError => -1,
            Status::ServiceUnavailable => -2,
            Status::BufferTooSmall => -3,
            Status::NotAllowed => -4,
            Status::UnknownService => -5,
            Status::Timeout => -6,
            Status::Unauthenticated => -7,
            Status::InvalidArgument => -8,
            Status::RemoteError => -9,
            Status::TooLarge => -10,
            Status::SessionExpired => -11,
            Status::Other(code) => code,
        }
    }

    /// The ABI name of the code, e.g. `"BUFFER_TOO_SMALL"`, or `"UNKNOWN"` for [`Status::Other`].
    pub const fn name(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::NetworkError => "NETWORK_ERROR",
            Status::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Status::BufferTooSmall => "BUFFER_TOO_SMALL",
            Status::NotAllowed => "NOT_ALLOWED",
            Status::UnknownService => "UNKNOWN_SERVICE",
            Status::Timeout => "TIMEOUT",
            Status::Unauthenticated => "UNAUTHENTICATED",
            Status::InvalidArgument => "INVALID_ARGUMENT",
            Status::RemoteError => "REMOTE_ERROR",
            Status::TooLarge => "TOO_LARGE",
            Status::SessionExpired => "SESSION_EXPIRED",
            Status::Other(_) => "UNKNOWN",
        }
    }

    /// `Ok(())` for [`Status::Ok`], the status as an error otherwise.
    pub fn check(code: i32) -> Result<(), Status> {
        match Status::from_code(code) {
            Status::Ok => Ok(()),
            status => Err(status),
        }
    }
}

impl From<i32> for Status {
    fn from(code: i32) -> Self {
        Status::from_code(code)
    }
}

impl From<Status> for i32 {
    fn from(status: Status) -> Self {
        status.code()
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

impl std::error::Error for Status {}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn every_code_round_trips() {
        for code in -13..=2 {
            assert_eq!(Status::from_code(code).code(), code);
        }
        assert_eq!(Status::from_code(-3), Status::BufferTooSmall);
        assert_eq!(Status::from_code(-10), Status::TooLarge);
        assert_eq!(Status::from_code(-11), Status::SessionExpired);
        assert_eq!(Status::from_code(-12), Status::Other(-12));
        assert_eq!(Status::SessionExpired.name(), "SESSION_EXPIRED");
        assert_eq!(Status::check(0), Ok(()));
        assert_eq!(Status::check(-8), Err(Status::InvalidArgument));
        assert_eq!(Status::RemoteError.to_string(), "REMOTE_ERROR (-9)");
    }
}
