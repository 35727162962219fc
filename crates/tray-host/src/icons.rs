//! The tray pictures, decoded once from the PNGs in `icons/`, and the monochrome "template"
//! form of each that macOS's menu bar wants.

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

/// `picture` as a template image: black, the shape in alpha only. macOS draws a template in
/// the menu bar's own colour (dark on a light bar, light on a dark one, highlighted when
/// clicked), so a coloured disc would look foreign and lose its contrast on one of them.
///
/// The colour icons are a disc of one colour with a white glyph cut into it (idle: a ring),
/// so the template is the disc with the glyph punched out: the state still shows by its
/// shape (tick, arrows, clock, bars, exclamation mark, ring) once the colour is gone. Made
/// from the colour icons rather than drawn again, so the two sets can't drift apart.
// Linux's tray (StatusNotifierItem) has no templates; the unit tests run everywhere.
#[cfg_attr(target_os = "linux", allow(dead_code))]
pub fn template(picture: &Picture) -> Picture {
    let body = body_lightness(&picture.rgba);
    let rgba = picture
        .rgba
        .chunks(4)
        .flat_map(|px| {
            // How far this pixel is from the disc's colour towards the glyph's white: 0 on the
            // disc, 1 on the glyph, between on their anti-aliased edge.
            let glyph = if body == 255 {
                0.0
            } else {
                (f32::from(lightness(px).saturating_sub(body)) / f32::from(255 - body)).min(1.0)
            };
            let alpha = (f32::from(px[3]) * (1.0 - glyph)).round() as u8;
            [0, 0, 0, alpha]
        })
        .collect();
    Picture {
        width: picture.width,
        height: picture.height,
        rgba,
    }
}

/// White is the glyph; the disc's colours all have a dark channel.
fn lightness(px: &[u8]) -> u8 {
    px[0].min(px[1]).min(px[2])
}

/// The lightness of the disc: that of the commonest fully opaque colour.
fn body_lightness(rgba: &[u8]) -> u8 {
    let mut counts = std::collections::HashMap::<[u8; 3], usize>::new();
    for px in rgba.chunks(4).filter(|px| px[3] == 255) {
        *counts.entry([px[0], px[1], px[2]]).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(colour, count)| (count, colour))
        .map_or(0, |(colour, _)| lightness(&colour))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The share of pixels whose template alpha differs by more than half.
    fn shape_difference(a: &Picture, b: &Picture) -> f64 {
        let differ = a
            .rgba
            .chunks(4)
            .zip(b.rgba.chunks(4))
            .filter(|(x, y)| x[3].abs_diff(y[3]) > 127)
            .count();
        differ as f64 / (a.width * a.height) as f64
    }

    #[test]
    fn the_templates_are_shapes_in_alpha_alone() {
        for state in TrayState::ALL {
            let colour = picture(state);
            let t = template(&colour);
            assert_eq!((t.width, t.height), (colour.width, colour.height));
            assert_eq!(t.rgba.len(), colour.rgba.len());
            assert!(
                t.rgba.chunks(4).all(|px| px[..3] == [0, 0, 0]),
                "{state:?}: a template has no colour"
            );
            // Nothing shows where the colour icon is transparent.
            for (c, px) in colour.rgba.chunks(4).zip(t.rgba.chunks(4)) {
                assert!(px[3] <= c[3], "{state:?}: the template grew");
            }
            let solid = t.rgba.chunks(4).filter(|px| px[3] > 200).count();
            assert!(
                solid * 10 > t.rgba.len() / 4,
                "{state:?}: too little is drawn to see"
            );
        }
    }

    #[test]
    fn the_glyph_is_cut_out_of_the_disc() {
        let t = template(&picture(TrayState::Paused));
        let alpha = |x: u32, y: u32| t.rgba[((y * t.width + x) * 4 + 3) as usize];
        let (w, h) = (t.width, t.height);
        // The pause bars stand left and right of the centre; the gap between them is disc.
        assert!(alpha(w / 2, h / 2) > 200, "the gap between the bars");
        let bars = (0..w).filter(|&x| alpha(x, h / 2) < 50).count();
        assert!(bars > 4, "the pause bars are holes in the disc");
        // Idle has no glyph: the ring stays as it is.
        let idle = picture(TrayState::Idle);
        assert_eq!(
            template(&idle)
                .rgba
                .chunks(4)
                .map(|px| px[3])
                .collect::<Vec<_>>(),
            idle.rgba.chunks(4).map(|px| px[3]).collect::<Vec<_>>()
        );
    }

    #[test]
    fn every_state_keeps_a_shape_of_its_own_without_colour() {
        let templates: Vec<(TrayState, Picture)> = TrayState::ALL
            .into_iter()
            .map(|s| (s, template(&picture(s))))
            .collect();
        for (i, (sa, a)) in templates.iter().enumerate() {
            for (sb, b) in &templates[i + 1..] {
                // More than stray edge pixels: a glyph's worth of the icon is another shape.
                let differ = shape_difference(a, b);
                assert!(differ > 0.02, "{sa:?} and {sb:?} look alike ({differ:.3})");
            }
        }
    }

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
