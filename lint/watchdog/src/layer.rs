//! The tower layer: each request named by its route, each poll of its handler timed.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;
use tower::{Layer, Service};

use crate::Watchdog;
use crate::route::RouteId;
use crate::slot::{self, Entered};

/// The layer [`Watchdog::layer`] returns.
#[derive(Clone, Debug)]
pub struct WatchdogLayer {
    watchdog: Watchdog,
}

impl WatchdogLayer {
    pub(crate) fn new(watchdog: Watchdog) -> Self {
        Self { watchdog }
    }
}

impl<S> Layer<S> for WatchdogLayer {
    type Service = WatchdogService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        WatchdogService {
            inner,
            watchdog: self.watchdog.clone(),
        }
    }
}

/// A service whose responses' futures are watched.
#[derive(Clone, Debug)]
pub struct WatchdogService<S> {
    inner: S,
    watchdog: Watchdog,
}

impl<S, B> Service<http::Request<B>> for WatchdogService<S>
where
    S: Service<http::Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = WatchedFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let inner = &self.watchdog.inner;
        let route = inner.routes.id(inner.id, &request);
        WatchedFuture {
            inner: self.inner.call(request),
            route,
            watchdog: inner.id,
        }
    }
}

pin_project! {
    /// A handler's future, each poll timed and named by its request's route.
    ///
    /// It holds its watchdog's id and its route's number, not the watchdog and the route: each
    /// clone and drop of those `Arc`s would write a cache line that every worker shares.
    pub struct WatchedFuture<F> {
        #[pin]
        inner: F,
        route: Option<RouteId>,
        watchdog: u64,
    }
}

impl<F: Future> Future for WatchedFuture<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let _timing = Timing::enter(*this.watchdog, *this.route);
        this.inner.poll(cx)
    }
}

/// Ends the layer's part in a poll when dropped, so a handler that panics does not leave its
/// thread looking blocked forever.
struct Timing {
    watchdog: u64,
    entered: Option<Entered>,
}

impl Timing {
    fn enter(watchdog: u64, route: Option<RouteId>) -> Self {
        Self {
            watchdog,
            entered: slot::with_slot(watchdog, None, |slot| slot.enter_route(route)),
        }
    }
}

impl Drop for Timing {
    fn drop(&mut self) {
        let Some(entered) = self.entered.take() else {
            return;
        };
        slot::with_slot(self.watchdog, None, |slot| {
            if let Some(ended) = slot.leave_route(entered)
                && let Some(inner) = slot.watchdog()
            {
                inner.finish(slot, ended);
            }
        });
    }
}
