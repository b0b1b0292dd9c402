//! The Dask cluster prompt: `D` on a Dask exercise types the address of the
//! scheduler its checks run on; Enter saves it (an empty one means a local
//! cluster of this machine's cores), Esc leaves the setting as it was.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};

use super::ExerciseState;
use crate::tui::app::Effect;
use crate::tui::screen::{Ctx, Reply};
use crate::tui::view::theme::Theme;

/// Longest address accepted, in bytes.
const MAX_ADDRESS: usize = 200;

/// `D`: opens the prompt with the address in use, on a Dask exercise.
pub fn open(e: &mut ExerciseState, ctx: &mut Ctx) {
    if ctx.course.exercise(&e.id).is_some_and(|x| x.dask) {
        e.cluster_input = Some(ctx.progress.dask_scheduler.clone().unwrap_or_default());
    } else {
        ctx.notify("A cluster is for Dask exercises.");
    }
}

/// A key while the address is typed.
pub fn on_key(e: &mut ExerciseState, ctx: &mut Ctx, key: KeyEvent) -> Reply {
    let Some(input) = &mut e.cluster_input else {
        return Reply::none();
    };
    match key.code {
        KeyCode::Esc => {
            e.cluster_input = None;
            ctx.notify("The cluster is unchanged.");
        }
        KeyCode::Enter => return enter(e, ctx),
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Char(c) if !c.is_control() && input.len() < MAX_ADDRESS => input.push(c),
        _ => {}
    }
    Reply::none()
}

/// Enter: saves the address, or refuses a bad one and leaves it to mend.
fn enter(e: &mut ExerciseState, ctx: &mut Ctx) -> Reply {
    let address = e
        .cluster_input
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if address.is_empty() {
        e.cluster_input = None;
        ctx.notify("Dask exercises run on a local cluster of this machine's cores.");
        return Reply::stay(vec![Effect::SetDaskScheduler(None)]);
    }
    if let Some(why) = crate::check::bad_scheduler_address(&address) {
        ctx.notify(why);
        return Reply::none();
    }
    e.cluster_input = None;
    ctx.notify(format!(
        "Dask exercises run on the cluster at {address}: its speed is shown, not graded. D and an empty address go back to a local cluster."
    ));
    Reply::stay(vec![Effect::SetDaskScheduler(Some(address))])
}

/// The prompt, in the exercise's head line while the address is typed.
pub fn prompt(input: &str, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(" Dask scheduler address ", theme.key()),
        Span::raw(format!("{input}\u{2588}")),
        Span::styled(
            "   Enter saves (empty: a local cluster), Esc cancels",
            theme.dim(),
        ),
    ])
}
