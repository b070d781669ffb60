//! Single flight for reads many callers ask at once (the overview, the queue list): a caller
//! that arrives while a read is under way waits for the next read, which begins after it
//! arrived, and shares it with everyone else who arrived meanwhile. So a hundred callers at once
//! cost one or two reads, not a hundred, and no caller is handed a read that began before it
//! arrived: whatever was acknowledged before its call is in its answer.

use std::future::Future;
use std::sync::{Arc, Mutex, Weak};

use futures::FutureExt;
use futures::future::{BoxFuture, Shared};

type Flight<T> = Shared<BoxFuture<'static, T>>;

/// One kind of read shared by the callers that wait for it at the same time.
pub(crate) struct SharedRead<T: Clone> {
    state: Arc<Mutex<State<T>>>,
}

struct State<T: Clone> {
    next_id: u64,
    /// The read under way: it began at some instant, so a caller arriving now may not take it.
    running: Option<(u64, Flight<T>)>,
    /// The read not begun yet: it begins once `running` has ended, and callers arriving now
    /// join it.
    queued: Option<(u64, Flight<T>)>,
}

impl<T: Clone + Send + Sync + 'static> SharedRead<T> {
    pub(crate) fn new() -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                next_id: 0,
                running: None,
                queued: None,
            })),
        }
    }

    /// The result of a read that begins after this call was made: the queued read if there is
    /// one, else a new one made by `read`, which begins once the read under way (if any) ends.
    /// A caller that stops waiting leaves the read to the others; a read whose callers all left
    /// is finished by the next caller's (which waits for it first).
    pub(crate) async fn get<F, Fut>(&self, read: F) -> T
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = T> + Send + 'static,
    {
        let flight = {
            let mut state = self.state.lock().expect("shared read lock");
            if let Some((_, queued)) = &state.queued {
                queued.clone()
            } else {
                let id = state.next_id;
                state.next_id += 1;
                let before = state.running.as_ref().map(|(_, f)| f.clone());
                let flight = flight(Arc::downgrade(&self.state), id, before, read);
                state.queued = Some((id, flight.clone()));
                flight
            }
        };
        flight.await
    }
}

/// The queued read `id`: waits for the read `before` it to end, then (under the lock, so no
/// caller joins it from then on) becomes the running read, and reads.
fn flight<T, F, Fut>(
    state: Weak<Mutex<State<T>>>,
    id: u64,
    before: Option<Flight<T>>,
    read: F,
) -> Flight<T>
where
    T: Clone + Send + Sync + 'static,
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    async move {
        if let Some(before) = before {
            before.await;
        }
        let _running = Running::begin(state, id);
        read().await
    }
    .boxed()
    .shared()
}

/// The running read's place in the state, from its beginning until it ends (or is dropped).
struct Running<T: Clone> {
    state: Weak<Mutex<State<T>>>,
    id: u64,
}

impl<T: Clone> Running<T> {
    fn begin(state: Weak<Mutex<State<T>>>, id: u64) -> Self {
        if let Some(shared) = state.upgrade() {
            let mut s = shared.lock().expect("shared read lock");
            // Only this read's own future takes it out of the queue, and a read is queued only
            // while none is, so the queued read is this one.
            if s.queued.as_ref().is_some_and(|(q, _)| *q == id) {
                s.running = s.queued.take();
            }
        }
        Self { state, id }
    }
}

impl<T: Clone> Drop for Running<T> {
    fn drop(&mut self) {
        if let Some(shared) = self.state.upgrade() {
            let mut s = shared.lock().expect("shared read lock");
            if s.running.as_ref().is_some_and(|(r, _)| *r == self.id) {
                s.running = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use tokio::sync::Semaphore;

    use super::*;

    /// A store stand-in: a version that "acknowledged changes" bump, reads that record the
    /// version they began at, and a gate that holds every read until the test lets it end.
    struct Fixture {
        version: AtomicU64,
        reads: AtomicU64,
        gate: Semaphore,
        begun: tokio::sync::Notify,
    }

    impl Fixture {
        fn new() -> Arc<Self> {
            Arc::new(Self {
                version: AtomicU64::new(0),
                reads: AtomicU64::new(0),
                gate: Semaphore::new(0),
                begun: tokio::sync::Notify::new(),
            })
        }

        /// A read: the version when it began, once the gate lets it through.
        fn read(self: &Arc<Self>) -> impl FnOnce() -> BoxFuture<'static, u64> + Send + 'static {
            let f = Arc::clone(self);
            move || {
                async move {
                    let seen = f.version.load(Ordering::SeqCst);
                    f.reads.fetch_add(1, Ordering::SeqCst);
                    f.begun.notify_one();
                    f.gate.acquire().await.expect("gate").forget();
                    seen
                }
                .boxed()
            }
        }
    }

    /// A caller arriving now: its first poll is its arrival (it joins or queues a read then),
    /// and the rest of its wait runs on its own task.
    fn arrive(shared: &Arc<SharedRead<u64>>, f: &Arc<Fixture>) -> tokio::task::JoinHandle<u64> {
        let (shared, read) = (Arc::clone(shared), f.read());
        let mut call = Box::pin(async move { shared.get(read).await });
        let mut cx = std::task::Context::from_waker(futures::task::noop_waker_ref());
        assert!(
            call.as_mut().poll(&mut cx).is_pending(),
            "reads wait on the gate"
        );
        tokio::spawn(call)
    }

    #[tokio::test]
    async fn a_caller_never_gets_a_read_begun_before_it_arrived() {
        let shared = Arc::new(SharedRead::<u64>::new());
        let f = Fixture::new();
        // A arrives and its read begins at version 0, and is held there.
        let a = arrive(&shared, &f);
        f.begun.notified().await;
        // A change is acknowledged, then B and C arrive while A's read is still under way.
        f.version.store(1, Ordering::SeqCst);
        let b = arrive(&shared, &f);
        let c = arrive(&shared, &f);
        f.gate.add_permits(1);
        assert_eq!(a.await.unwrap(), 0, "A gets the read it began");
        // B and C share one read, begun after both arrived: it sees the change.
        f.begun.notified().await;
        f.gate.add_permits(1);
        assert_eq!(b.await.unwrap(), 1, "B must not get A's read");
        assert_eq!(c.await.unwrap(), 1, "C must not get A's read");
        assert_eq!(f.reads.load(Ordering::SeqCst), 2, "B and C shared one read");
    }

    #[tokio::test]
    async fn a_caller_arriving_after_the_queued_read_began_waits_for_another() {
        let shared = Arc::new(SharedRead::<u64>::new());
        let f = Fixture::new();
        let a = arrive(&shared, &f);
        f.begun.notified().await;
        let b = arrive(&shared, &f);
        f.gate.add_permits(1);
        assert_eq!(a.await.unwrap(), 0);
        // B's read has begun (at version 0); a change, then D arrives: D may not share it.
        f.begun.notified().await;
        f.version.store(2, Ordering::SeqCst);
        let d = arrive(&shared, &f);
        f.gate.add_permits(1);
        assert_eq!(b.await.unwrap(), 0);
        f.begun.notified().await;
        f.gate.add_permits(1);
        assert_eq!(d.await.unwrap(), 2, "D gets a read begun after it arrived");
        assert_eq!(f.reads.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_read_outlives_the_caller_that_made_it() {
        let shared = Arc::new(SharedRead::<u64>::new());
        let f = Fixture::new();
        // A's read begins and A stops waiting (its call was cancelled).
        let a = arrive(&shared, &f);
        f.begun.notified().await;
        a.abort();
        assert!(a.await.unwrap_err().is_cancelled());
        // B arrives: it waits for A's abandoned read to end, then gets a read of its own.
        f.version.store(5, Ordering::SeqCst);
        let b = arrive(&shared, &f);
        f.gate.add_permits(1);
        f.begun.notified().await;
        f.gate.add_permits(1);
        assert_eq!(b.await.unwrap(), 5);
        assert_eq!(f.reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn alone_a_caller_reads_at_once_each_time() {
        let shared = SharedRead::<u64>::new();
        let f = Fixture::new();
        f.gate.add_permits(3);
        for v in 0..3 {
            f.version.store(v, Ordering::SeqCst);
            assert_eq!(shared.get(f.read()).await, v);
        }
        assert_eq!(f.reads.load(Ordering::SeqCst), 3);
    }
}
