//! The tower layer: each request named by its route, each poll of its handler timed.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;
use tower::{Layer, Service};

use crate::Watchdog;
use crate::route::Route;
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
        let route = Route::of(&request);
        WatchedFuture {
            inner: self.inner.call(request),
            route,
            watchdog: self.watchdog.clone(),
        }
    }
}

pin_project! {
    /// A handler's future, each poll timed and named by its request's route.
    pub struct WatchedFuture<F> {
        #[pin]
        inner: F,
        route: Route,
        watchdog: Watchdog,
    }
}

impl<F: Future> Future for WatchedFuture<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let _timing = Timing::enter(this.watchdog, this.route);
        this.inner.poll(cx)
    }
}

/// Ends the layer's part in a poll when dropped, so a handler that panics does not leave its
/// thread looking blocked forever.
struct Timing<'a> {
    watchdog: &'a Watchdog,
    entered: Option<Entered>,
}

impl<'a> Timing<'a> {
    fn enter(watchdog: &'a Watchdog, route: &Route) -> Self {
        Self {
            watchdog,
            entered: slot::with_slot(&watchdog.inner, |slot| slot.enter_route(route)),
        }
    }
}

impl Drop for Timing<'_> {
    fn drop(&mut self) {
        let Some(entered) = self.entered.take() else {
            return;
        };
        let inner = &self.watchdog.inner;
        slot::with_slot(inner, |slot| {
            if let Some(ended) = slot.leave_route(entered, inner.threshold) {
                inner.finish(slot, ended);
            }
        });
    }
}
