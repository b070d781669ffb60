//! Where things go on screen. Shared by the renderer and by the app (which needs to know how
//! many rows a page holds for PgUp/PgDn and which pages to fetch), so both agree.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::action::View;

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

/// Rows of data a list shows in `view` on a `width`×`height` terminal.
pub fn list_rows(view: View, width: u16, height: u16) -> usize {
    let body = areas(Rect::new(0, 0, width, height)).body;
    // Every list has a border (2 rows); tables add a header row; tasks add the state tabs.
    let chrome = match view {
        View::Overview => return 0,
        View::Events => 2,
        View::Tasks => 4,
        View::Workers => {
            let (workers, _) = workers_split(body);
            return workers.height.saturating_sub(3) as usize;
        }
        View::Queues | View::Dlq | View::Audit => 3,
    };
    body.height.saturating_sub(chrome) as usize
}
