fn main() {
    // The config sits at the repository root (beside ui/ and icons/), not in this folder.
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("tauri build script");
}
