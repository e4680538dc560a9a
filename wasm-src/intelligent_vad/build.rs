// The guest's stack is Rust's default for wasm32, 1 MiB, which sits at the bottom of linear
// memory and so makes every instance start with 17 pages (1.1 MB of heap each on GraalWasm).
// Its deepest call needs a few KiB, so 64 KiB is ample; an overflow traps (the stack grows down
// towards address 0) rather than corrupting data.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-cdylib-link-arg=-zstack-size=65536");
    }
}
