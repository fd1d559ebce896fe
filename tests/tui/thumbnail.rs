//! The detail pane with a thumbnail drawn in halfblocks: the sample image decoded and encoded
//! as the runtime does it, then the whole screen snapshotted on a `TestBackend`.

use crate::tui_support::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui_image::picker::Picker;
use tl_assets::terminal_env::ImageProtocol;
use tl_assets::tui::thumbnail::{downscale, encode};
use tl_assets::tui::{App, Effect, Msg, view};

const SAMPLE: &[u8] = include_bytes!("../../assets/sample-image.jpg");

/// An app at 120x40 whose selected asset's thumbnail is loaded.
fn with_thumbnail() -> App {
    with_thumbnail_at(120, 40)
}

/// An app at `w` x `h` whose selected asset's thumbnail is loaded.
fn with_thumbnail_at(w: u16, h: u16) -> App {
    let mut app = loaded(5, 5);
    app.surroundings.image = Some(ImageProtocol::Halfblocks);
    let effects = app.update(Msg::Resize(w, h));
    let Some(Effect::FetchThumbnail { id, url, cells }) = effects.into_iter().next() else {
        panic!("no thumbnail asked for");
    };
    let image = downscale(image::load_from_memory(SAMPLE).expect("sample decodes"));
    let thumb = encode(&Picker::halfblocks(), &image, cells).expect("encodes");
    let key = tl_assets::tui::thumbnail::ThumbKey { id, url, cells };
    app.update(Msg::ThumbnailLoaded {
        key,
        result: Ok(thumb),
    });
    app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).expect("terminal");
    terminal.draw(|f| view(app, f)).expect("draw");
    terminal
}

fn rgb_cells(terminal: &Terminal<TestBackend>) -> usize {
    terminal
        .backend()
        .buffer()
        .content
        .iter()
        .filter(|c| matches!(c.fg, Color::Rgb(..)) || matches!(c.bg, Color::Rgb(..)))
        .count()
}

#[test]
fn detail_pane_with_halfblocks_thumbnail() {
    let app = with_thumbnail();
    let terminal = draw(&app);
    assert!(
        rgb_cells(&terminal) > 100,
        "the image's pixels are drawn in colour"
    );
    insta::assert_snapshot!("detail_thumbnail_halfblocks_120x40", terminal.backend());
}

#[test]
fn the_stacked_layout_shows_the_thumbnail_beside_the_text() {
    for (w, h) in [(60, 20), (80, 24)] {
        let app = with_thumbnail_at(w, h);
        let terminal = draw(&app);
        assert!(rgb_cells(&terminal) > 50, "{w}x{h}: no thumbnail drawn");
        let screen = terminal.backend().to_string();
        assert!(
            screen.contains("ID         66b1f0c2a9e4d31b7c0f0000"),
            "{w}x{h}: text beside it\n{screen}"
        );
        insta::assert_snapshot!(format!("detail_thumbnail_stacked_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn thumbnail_is_hidden_under_a_dialog() {
    let mut app = with_thumbnail();
    app.update(key('Y'));
    assert_eq!(rgb_cells(&draw(&app)), 0);
}

#[test]
fn loading_then_failed_shows_text_then_nothing() {
    let mut app = loaded(5, 5);
    app.surroundings.image = Some(ImageProtocol::Halfblocks);
    let effects = app.update(Msg::Resize(120, 40));
    let Some(Effect::FetchThumbnail { id, url, cells }) = effects.into_iter().next() else {
        panic!("no thumbnail asked for");
    };
    let screen = format!("{}", draw(&app).backend());
    assert!(screen.contains("loading thumbnail"), "{screen}");
    let key = tl_assets::tui::thumbnail::ThumbKey { id, url, cells };
    app.update(Msg::ThumbnailLoaded {
        key,
        result: Err(tl_assets::tui::ThumbError::Status(404)),
    });
    let screen = format!("{}", draw(&app).backend());
    assert!(!screen.contains("loading thumbnail"), "{screen}");
}

#[test]
fn thumbnails_start_when_the_terminal_answers_after_the_first_frames() {
    // At start the graphics answer is still to come: frames are drawn, nothing is fetched.
    let mut app = loaded(5, 5);
    app.surroundings.set_image_pending();
    let effects = app.update(Msg::Resize(120, 40));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::FetchThumbnail { .. })),
        "{effects:?}"
    );
    let screen = format!("{}", draw(&app).backend());
    assert!(!screen.contains("loading thumbnail"), "{screen}");
    let images = |app: &App| {
        app.surroundings
            .about
            .iter()
            .find(|(k, _)| k == "images")
            .map(|(_, v)| v.clone())
    };
    assert_eq!(images(&app).as_deref(), Some("waiting for the terminal's answer"));

    let effects = app.update(Msg::GraphicsKnown {
        image: Some(ImageProtocol::Kitty),
        cell_size: Some((10, 20)),
    });
    assert!(
        matches!(effects.as_slice(), [Effect::FetchThumbnail { .. }]),
        "the selected asset's thumbnail is asked for at once: {effects:?}"
    );
    assert_eq!(app.surroundings.image, Some(ImageProtocol::Kitty));
    assert_eq!(images(&app).as_deref(), Some("kitty (cell 10x20 px)"));
}

#[test]
fn a_terminal_without_images_leaves_thumbnails_off() {
    let mut app = loaded(5, 5);
    app.surroundings.set_image_pending();
    app.update(Msg::Resize(120, 40));
    let effects = app.update(Msg::GraphicsKnown {
        image: None,
        cell_size: None,
    });
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.surroundings.image, None);
}

/// File URLs expire (docs/contract.md §15.10): a thumbnail answered 403 makes the app read the
/// asset again, and the fresh URL it brings is fetched; a fresh URL refused too is a failure,
/// not another read.
#[test]
fn an_expired_thumbnail_url_is_renewed_by_reading_the_asset_again_once() {
    let mut app = loaded(5, 5);
    app.surroundings.image = Some(ImageProtocol::Halfblocks);
    let effects = app.update(Msg::Resize(120, 40));
    let Some(Effect::FetchThumbnail { id, url, cells }) = effects.into_iter().next() else {
        panic!("no thumbnail asked for");
    };
    let expired = || Err(tl_assets::tui::ThumbError::Status(403));
    let key = tl_assets::tui::thumbnail::ThumbKey {
        id: id.clone(),
        url: url.clone(),
        cells,
    };
    let effects = app.update(Msg::ThumbnailLoaded {
        key,
        result: expired(),
    });
    let Some(Effect::FetchDetail { request_id, id: read }) = effects.into_iter().next() else {
        panic!("the asset is not read again");
    };
    assert_eq!(read, id);

    let mut asset = app.list.selected_asset().expect("selected").clone();
    let fresh = format!("{url}?fresh");
    asset.thumbnail.as_mut().expect("thumbnail").representative_url = Some(fresh.clone());
    let effects = app.update(Msg::DetailLoaded {
        request_id,
        result: Ok(Box::new(asset)),
    });
    let Some(Effect::FetchThumbnail {
        url: asked, cells, ..
    }) = effects.into_iter().next()
    else {
        panic!("the fresh URL is not fetched");
    };
    assert_eq!(asked, fresh);

    let key = tl_assets::tui::thumbnail::ThumbKey {
        id: id.clone(),
        url: fresh,
        cells,
    };
    let effects = app.update(Msg::ThumbnailLoaded {
        key,
        result: expired(),
    });
    assert!(effects.is_empty(), "no second read: {effects:?}");
    assert_eq!(app.thumbs.failed.as_deref(), Some(id.as_str()));
}
