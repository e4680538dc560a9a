//! `remote_patterns`: one entry function per host-import pattern, for the host's
//! integration tests.
//!
//! Every input is a few UTF-8 header lines, each ended by `\n`, followed by a raw payload.
//! Malformed headers make an entry return `INVALID_ARGUMENT` (-8); a failing host call
//! makes it return that call's status.

mod patterns;
#[cfg(test)]
mod tests;

hybrid_guest::entry!(call_service, patterns::call_service);
hybrid_guest::entry!(call_service_repeated, patterns::call_service_repeated);
hybrid_guest::entry!(call_service_raw, patterns::call_service_raw);
hybrid_guest::entry!(stream, patterns::stream);
hybrid_guest::entry!(session_call, patterns::session_call);
hybrid_guest::entry!(bad_pointer, patterns::bad_pointer);
hybrid_guest::entry!(bad_utf8, patterns::bad_utf8);
