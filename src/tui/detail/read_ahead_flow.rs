//! The app's side of read-ahead: after every message, once the row under the cursor has what it
//! asked for (its sections and thumbnail, no page or detail on its way), ask for the next row
//! around it that lacks them; drop the read-ahead when the selection moves, and take back what it
//! read.

use super::read_ahead_task::ReadAheadJob;
use super::thumbnail::thumbnail_url;
use super::transcript::flow::readable as transcript_readable;
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::msg::RequestId;

impl App {
    /// Drops a read-ahead the selection moved away from, and starts the next one when idle.
    pub(in crate::tui) fn sync_read_ahead(&mut self) -> Vec<Effect> {
        let selected = self.list.selected_asset().map(|a| a.id.clone());
        let row = selected.as_ref().map(|_| self.list.selected);
        let mut effects = Vec::new();
        // Even onto the row being read: its own read (both sections at once) is quicker than
        // the rest of a read-ahead that asks one at a time.
        if self.read_ahead.moved_to(row) && self.read_ahead.drop_pending() {
            effects.push(Effect::CancelReadAhead);
        }
        if self.read_ahead.pending.is_none()
            && let Some(id) = selected
            && self.may_read_ahead(&id)
            && let Some(job) = self.next_read_ahead()
        {
            let request_id = self.request_id();
            self.read_ahead.pending = Some((job.asset_id.clone(), request_id));
            self.read_ahead.mark_tried(&job.asset_id);
            effects.push(Effect::ReadAhead { request_id, job });
        }
        effects
    }

    /// True when nothing the user asked for is still on its way and no limit says to wait.
    fn may_read_ahead(&self, selected: &str) -> bool {
        let thumb_waiting = self.thumbs.wanted.as_ref().is_some_and(|k| {
            self.thumbs.get(k).is_none() && self.thumbs.failed.as_deref() != Some(k.id.as_str())
        });
        self.read_ahead.rows > 0
            && !self.read_ahead.resting
            && self.part_of.pending.is_none()
            && !self.part_of.needs_read(selected)
            && self.transcripts.pending.is_none()
            && !thumb_waiting
            && self.list.pending.is_none()
            && self.detail_request.is_none()
            && self.to_end.is_none()
            && !self.connectivity.is_offline()
            && !self.connectivity.is_rate_limited()
    }

    /// The nearest row around the selection that lacks its sections or its thumbnail.
    fn next_read_ahead(&self) -> Option<ReadAheadJob> {
        let len = self.list.visible.len();
        let images = self.surroundings.image.is_some();
        self.read_ahead
            .candidates(self.list.selected, len)
            .into_iter()
            .filter_map(|row| self.list.visible.get(row).and_then(|&i| self.list.items.get(i)))
            .filter(|a| !self.read_ahead.tried(&a.id))
            .find_map(|a| {
                let part_of = self.part_of.needs_read(&a.id);
                let thumbnail = thumbnail_url(a)
                    .filter(|_| images)
                    .map(|url| (a.id.clone(), url.to_string()));
                let transcript = transcript_readable(a) && self.transcripts.needs_read(&a.id);
                (part_of || thumbnail.is_some() || transcript).then(|| ReadAheadJob {
                    asset_id: a.id.clone(),
                    part_of,
                    thumbnail,
                    transcript,
                })
            })
    }

    /// The read-ahead of `request_id` is over; `rate_limited`: it met the limit, so no more
    /// until the selection moves.
    pub(in crate::tui) fn on_read_ahead_done(&mut self, request_id: RequestId, rate_limited: bool) {
        if self
            .read_ahead
            .pending
            .as_ref()
            .is_some_and(|(_, r)| *r == request_id)
        {
            self.read_ahead.pending = None;
        }
        self.read_ahead.resting |= rate_limited;
    }
}
