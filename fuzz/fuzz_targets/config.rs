//! Config parsing: any text gives a config or a located error, never a panic.
#![no_main]

use std::path::Path;

use folio::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(config) = Config::parse(&text, Path::new("fuzz.toml")) {
        let _ = config.keymap();
        let _ = config.theme.build(true);
    }
});
