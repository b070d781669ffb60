//! Where things go on screen. Shared by the renderer and by the app (which needs to know how
//! many rows a page holds for PgUp/PgDn and which pages to fetch), so both agree; each view
//! says how many of the body's rows its list gets (`Screen::list_rows`).

use ratatui::layout::{Constraint, Layout, Rect};

/// The four bands of the screen.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    /// Title, connection, identity and view tabs.
    pub header: Rect,
    pub body: Rect,
    /// Messages, progress, or the line being typed.
    pub status: Rect,
    /// The main keys of the view.
    pub keys: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let [header, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        header,
        body,
        status,
        keys,
    }
}

/// The workers table above, the stuck-task summary below when there is room.
pub fn workers_split(body: Rect) -> (Rect, Option<Rect>) {
    if body.height < 16 {
        return (body, None);
    }
    let stuck = (body.height / 3).min(10);
    let [workers, stuck] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(stuck)]).areas(body);
    (workers, Some(stuck))
}
