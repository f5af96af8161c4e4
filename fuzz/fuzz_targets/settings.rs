//! The option names and values both skins hand to the settings: any name, any word or number,
//! gives a setting applied or a refusal with a message, never a panic.
#![no_main]

use eco_validator::{Options, SETTINGS, Setting, SettingValue};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (name, value) = text.split_once('=').unwrap_or((&text, ""));
    let mut options = Options::new(jiff::civil::date(2026, 11, 25));
    let number = data
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .map(f64::from_le_bytes)
        .unwrap_or(0.0);
    for setting in Setting::by_flag(name)
        .into_iter()
        .chain(Setting::by_js(name))
        .chain(SETTINGS.get(usize::from(data.first().copied().unwrap_or(0)) % SETTINGS.len()))
    {
        for v in [
            SettingValue::Word(value),
            SettingValue::Text(value),
            SettingValue::Number(number),
            SettingValue::Other,
        ] {
            if let Err(e) = setting.apply(&mut options, v) {
                assert!(!e.message(setting.flag).is_empty());
            }
        }
    }
});
