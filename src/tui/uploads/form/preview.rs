//! What the form's paths expand to, before Enter: `12 media files, 3.4 GB · 2 skipped (not media:
//! notes.txt, …)` under the field, and a line for each path that could not be read. The expansion
//! (`upload_plan`, the command line's expander) runs off the UI thread; each answer carries the
//! id of its request, so an answer for text typed over since is dropped.

use std::sync::Arc;
use std::time::Duration;

use crate::upload_plan::{SkipReason, UploadPlan};

use crate::tui::msg::RequestId;
use crate::tui::uploads::planned::Planned;

/// How long typing must pause before the paths are expanded again.
pub const PREVIEW_DEBOUNCE: Duration = Duration::from_millis(250);
/// Most lines naming a problem path under the preview; the rest are counted.
pub const PROBLEM_LINES: usize = 3;

#[derive(Debug, Clone, Default)]
pub struct FormPreview {
    /// The request in flight and the inputs it expands.
    pub asked: Option<(RequestId, Vec<String>)>,
    /// The latest answer and the inputs it is for.
    pub planned: Option<(Vec<String>, Arc<Planned>)>,
    /// Enter came before the answer for the current inputs: queue them when it arrives.
    pub submit_when_ready: bool,
}

impl FormPreview {
    /// The answer for exactly `inputs`, once it has come.
    pub fn plan_for(&self, inputs: &[String]) -> Option<&Arc<Planned>> {
        self.planned
            .as_ref()
            .filter(|(given, _)| given.as_slice() == inputs)
            .map(|(_, p)| p)
    }

    /// True when `inputs` are answered or asked for already.
    pub fn knows(&self, inputs: &[String]) -> bool {
        self.plan_for(inputs).is_some()
            || self
                .asked
                .as_ref()
                .is_some_and(|(_, given)| given.as_slice() == inputs)
    }

    /// True while the answer for `inputs` is awaited.
    pub fn waiting_for(&self, inputs: &[String]) -> bool {
        self.plan_for(inputs).is_none() && self.knows(inputs)
    }

    /// Takes an answer; `None` (dropped) when it is not for the request in flight.
    pub fn answered(&mut self, request_id: RequestId, planned: Planned) -> Option<Arc<Planned>> {
        let (id, _) = self.asked.as_ref()?;
        if *id != request_id {
            return None;
        }
        let (_, inputs) = self.asked.take()?;
        let planned = Arc::new(planned);
        self.planned = Some((inputs, planned.clone()));
        Some(planned)
    }
}

/// True when nothing is media and every path skipped is one the `✗` lines name (missing,
/// unreadable, …): the summary and Enter's error would only say the same again.
pub fn only_problems(plan: &UploadPlan) -> bool {
    plan.files.is_empty()
        && !plan.skipped.is_empty()
        && plan
            .skipped
            .iter()
            .all(|s| !matches!(s.reason, SkipReason::NotMedia(_) | SkipReason::Empty))
}

/// The lines under the summary: one per path that is not there or cannot be read (a file that
/// is simply not media is named in the summary), at most [`PROBLEM_LINES`], then a count.
pub fn problem_lines(plan: &UploadPlan) -> Vec<String> {
    let problems: Vec<String> = plan
        .skipped
        .iter()
        .filter(|s| !matches!(s.reason, SkipReason::NotMedia(_) | SkipReason::Empty))
        .map(|s| format!("{}: {}", s.path.display(), s.reason))
        .collect();
    let mut lines: Vec<String> = problems.iter().take(PROBLEM_LINES).cloned().collect();
    if problems.len() > PROBLEM_LINES {
        lines.push(format!("… and {} more", problems.len() - PROBLEM_LINES));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upload_plan::Skipped;

    #[test]
    fn an_answer_for_an_older_request_is_dropped() {
        let mut p = FormPreview {
            asked: Some((RequestId(2), vec!["clips/".into()])),
            ..FormPreview::default()
        };
        assert!(
            p.answered(RequestId(1), Planned::default()).is_none(),
            "older request"
        );
        assert!(p.waiting_for(&["clips/".into()]));
        assert!(p.answered(RequestId(2), Planned::default()).is_some());
        assert!(p.plan_for(&["clips/".into()]).is_some());
        assert!(p.plan_for(&["clips/a".into()]).is_none(), "for other text");
        assert!(
            p.answered(RequestId(2), Planned::default()).is_none(),
            "answered once"
        );
    }

    #[test]
    fn problem_lines_are_capped() {
        let skip = |p: &str, reason| Skipped {
            path: p.into(),
            reason,
        };
        let plan = UploadPlan {
            files: Vec::new(),
            skipped: vec![
                skip("notes.txt", SkipReason::NotMedia("text".into())),
                skip("a", SkipReason::NotFound),
                skip("b", SkipReason::SymlinkLoop),
                skip("c/*.mov", SkipReason::NoMatch),
                skip("d", SkipReason::Unreadable("permission denied".into())),
                skip("e", SkipReason::NotFound),
            ],
        };
        assert_eq!(
            problem_lines(&plan),
            vec![
                "a: not found",
                "b: symlink loop",
                "c/*.mov: matched nothing",
                "… and 2 more"
            ]
        );
    }
}
