//! The app's side of read-ahead: after every message, drop the reads of rows the selection left
//! behind, then start reads of the rows in the window ahead of it that lack their detail, while
//! the requests on their way leave room and nothing the user asked for still waits; and take
//! back what the reads bring.

use super::read_ahead::{Flight, ReadAheadJob};
use super::thumbnail::thumbnail_url;
use super::transcript::flow::readable as transcript_readable;
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::msg::RequestId;

impl App {
    /// Moves the read-ahead window with the selection and fills it.
    pub(in crate::tui) fn sync_read_ahead(&mut self) -> Vec<Effect> {
        let selected = self.list.selected_asset().map(|a| a.id.clone());
        let row = selected.as_ref().map(|_| self.list.selected);
        let mut effects = Vec::new();
        let moved = self.read_ahead.moved_to(row);
        if moved {
            // Only the reads of rows that left the window stop: the rows still ahead are read on
            // (cancelling those on every key is what let the cursor outrun the reads), and so is
            // the row landed on, whose detail waits for that read (`sync_part_of`).
            let keep = self.window_ids();
            let keep: Vec<&str> = keep
                .iter()
                .map(String::as_str)
                .chain(selected.as_deref())
                .collect();
            let dropped = self.read_ahead.drop_all_but(&keep);
            effects.extend(
                dropped
                    .into_iter()
                    .map(|request_id| Effect::CancelReadAhead { request_id }),
            );
        }
        let mut started = Vec::new();
        if let Some(id) = selected
            && self.may_read_ahead(&id)
        {
            while let Some(job) = self.next_read_ahead() {
                if !self.read_ahead.has_room_for(job.requests()) {
                    break;
                }
                let request_id = self.request_id();
                self.read_ahead.start(Flight {
                    request_id,
                    job: job.clone(),
                });
                started.push(Effect::ReadAhead { request_id, job });
            }
        }
        // Before the reads just started: they too wait for the selection to stay put from now.
        if moved && !self.read_ahead.in_flight.is_empty() {
            effects.push(Effect::ReadAheadMoved);
        }
        effects.extend(started);
        effects
    }

    /// True when nothing the user asked for is still on its way (a read-ahead of the landed row
    /// is read-ahead's own) and no limit says to wait.
    fn may_read_ahead(&self, selected: &str) -> bool {
        let ours = |p: &(String, RequestId)| self.read_ahead.is_reading(&p.0, p.1);
        let part_of_waiting = match &self.part_of.pending {
            Some(p) => !ours(p),
            None => self.part_of.needs_read(selected),
        };
        let transcript_waiting = self.transcripts.pending.as_ref().is_some_and(|p| !ours(p));
        let thumb_waiting = self.thumbs.wanted.as_ref().is_some_and(|k| {
            self.thumbs.get(k).is_none() && self.thumbs.failed.as_deref() != Some(k.id.as_str())
        });
        self.read_ahead.rows > 0
            && !self.read_ahead.resting
            && !part_of_waiting
            && !transcript_waiting
            && !thumb_waiting
            && self.list.pending.is_none()
            && self.detail_request.is_none()
            && self.to_end.is_none()
            && !self.connectivity.is_offline()
            && !self.connectivity.is_rate_limited()
    }

    /// The ids of the rows in the window around the selection, nearest first.
    fn window_ids(&self) -> Vec<String> {
        self.read_ahead
            .candidates(self.list.selected, self.list.visible.len())
            .into_iter()
            .filter_map(|row| self.list.visible.get(row).and_then(|&i| self.list.items.get(i)))
            .map(|a| a.id.clone())
            .collect()
    }

    /// The nearest row in the window that lacks its sections, thumbnail or transcript and is
    /// neither being read nor read already.
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

    /// The read-ahead of `request_id` is over; `rate_limited`: it met the limit (or few requests
    /// of it are left), so no more until the selection moves. A landed row that waited for this
    /// read and got no answer from it (the limit stopped it) is read as any row.
    pub(in crate::tui) fn on_read_ahead_done(
        &mut self,
        request_id: RequestId,
        rate_limited: bool,
    ) -> Vec<Effect> {
        self.read_ahead.resting |= rate_limited;
        let Some(flight) = self.read_ahead.finish(request_id) else {
            return Vec::new();
        };
        let id = flight.job.asset_id;
        let mut effects = Vec::new();
        if self.part_of.pending == Some((id.clone(), request_id)) {
            self.part_of.pending = None;
            effects.extend(self.refresh_part_of());
        }
        if self.transcripts.pending == Some((id, request_id)) {
            self.transcripts.pending = None;
            effects.extend(self.refresh_transcript());
        }
        effects
    }
}
