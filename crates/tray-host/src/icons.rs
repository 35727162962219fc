//! The tray pictures, decoded once from the PNGs in `icons/`.

use app_core::tray::TrayState;

pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// Straight RGBA, row by row.
    pub rgba: Vec<u8>,
}

fn png_bytes(state: TrayState) -> &'static [u8] {
    match state {
        TrayState::Synced => include_bytes!("../../../icons/tray-synced.png"),
        TrayState::Syncing => include_bytes!("../../../icons/tray-syncing.png"),
        TrayState::Waiting => include_bytes!("../../../icons/tray-waiting.png"),
        TrayState::Paused => include_bytes!("../../../icons/tray-paused.png"),
        TrayState::Attention => include_bytes!("../../../icons/tray-attention.png"),
        TrayState::Idle => include_bytes!("../../../icons/tray-idle.png"),
    }
}

pub fn picture(state: TrayState) -> Picture {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes(state)));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .expect("bundled tray icons are valid PNGs");
    let mut buf = vec![0; reader.output_buffer_size().expect("small icons")];
    let info = reader
        .next_frame(&mut buf)
        .expect("bundled tray icons are valid PNGs");
    let pixels = &buf[..info.buffer_size()];
    let rgba = match info.color_type {
        png::ColorType::Rgba => pixels.to_vec(),
        png::ColorType::Rgb => pixels
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => pixels
            .chunks(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => pixels.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => unreachable!("expanded by normalize_to_color8"),
    };
    Picture {
        width: info.width,
        height: info.height,
        rgba,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tray_state_has_a_distinct_picture() {
        let pictures: Vec<Picture> = TrayState::ALL.into_iter().map(picture).collect();
        for p in &pictures {
            assert!(p.width >= 16 && p.width == p.height);
            assert_eq!(p.rgba.len() as u32, p.width * p.height * 4);
            assert!(p.rgba.chunks(4).any(|px| px[3] > 0), "an empty picture");
        }
        for (i, a) in pictures.iter().enumerate() {
            for b in &pictures[i + 1..] {
                assert_ne!(a.rgba, b.rgba);
            }
        }
    }
}
