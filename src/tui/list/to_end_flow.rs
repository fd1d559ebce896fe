//! The app's side of `G`/`End`: starting a run to the end of the list, asking for its pages
//! and appending them in order. A sort over a partly loaded list starts the same run, without
//! following the end. The run's own state is [`super::to_end::ToEnd`].

use crate::api::ApiError;
use crate::api::types::{Asset, Page};

use super::to_end::{CONCURRENT_PAGES, ToEnd, pages_for};
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::msg::RequestId;

impl App {
    /// `G`/`End` in the list: selects the last row, and starts loading the rest when the server
    /// has more (or, during a run, follows the end again).
    pub(in crate::tui) fn go_to_end(&mut self) -> Vec<Effect> {
        self.list.select_last();
        if let Some(run) = &mut self.to_end {
            run.follow = true;
            return self.follow_selection();
        }
        self.load_to_end(true)
    }

    /// Starts loading every page after the loaded ones, a few at once, when the server has
    /// more and nothing stands in the way; `follow` keeps the selection on the last row.
    pub(in crate::tui) fn load_to_end(&mut self, follow: bool) -> Vec<Effect> {
        let pending = self.list.pending;
        let appending = pending.filter(|p| p.append);
        let busy = pending.is_some() && appending.is_none();
        if !self.list.has_more
            || self.list.pages_loaded == 0
            || busy
            || self.connectivity.retry_page().is_some()
            || self.connectivity.rate_limit_left(self.now).is_some()
        {
            return self.follow_selection();
        }
        let first = appending.map_or_else(|| self.list.next_page(), |p| p.page);
        let mut run = ToEnd {
            next_ask: first,
            next_apply: first,
            last: pages_for(self.list.total).max(first),
            first,
            follow,
            for_sort: !follow,
            ..ToEnd::default()
        };
        // The page already on its way is the run's first.
        if let Some(p) = appending {
            run.in_flight.push((p.request_id, p.page));
            run.next_ask = p.page + 1;
            self.list.pending = None;
        }
        self.to_end = Some(run);
        let effects = self.ask_to_end();
        self.list.scroll_into_view(self.list_rows());
        effects
    }

    /// Asks for pages until enough are in flight or none is left to ask for.
    fn ask_to_end(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        while let Some(run) = &self.to_end
            && run.in_flight.len() < CONCURRENT_PAGES
            && run.next_ask <= run.last
        {
            let page = run.next_ask;
            let request_id = self.request_id();
            if let Some(run) = &mut self.to_end {
                run.in_flight.push((request_id, page));
                run.next_ask += 1;
            }
            effects.push(Effect::FetchPageAlongside {
                request_id,
                query: self.list.query(page),
            });
        }
        effects
    }

    /// A page of the run came back (`None`: not one of its pages). Pages are appended in order;
    /// a failure ends the run, keeping what was appended, and is shown like any failed page.
    pub(in crate::tui) fn on_to_end_page(
        &mut self,
        request_id: RequestId,
        page: u32,
        result: Result<Page<Asset>, ApiError>,
    ) -> Option<Vec<Effect>> {
        let pos = self
            .to_end
            .as_ref()?
            .in_flight
            .iter()
            .position(|(r, _)| *r == request_id)?;
        let mut run = self.to_end.take()?;
        run.in_flight.remove(pos);
        let data = match result {
            Ok(data) => data,
            Err(err) => {
                let next = self.list.next_page();
                self.api_error("loading assets", &err, Some(next));
                return Some(Vec::new());
            }
        };
        self.connection_ok();
        run.arrived.insert(page, data);
        while let Some(data) = run.arrived.remove(&run.next_apply) {
            self.list.apply_page(run.next_apply, data, true);
            run.next_apply += 1;
        }
        if run.follow {
            self.list.select_last();
        }
        if run.in_flight.is_empty() && run.next_ask > run.last {
            // The server may have grown meanwhile: go on while its total says there is more.
            run.last = pages_for(self.list.total);
            if !self.list.has_more || run.last < run.next_ask {
                return Some(self.follow_selection());
            }
        }
        self.to_end = Some(run);
        let effects = self.ask_to_end();
        self.list.scroll_into_view(self.list_rows());
        Some(effects)
    }
}
