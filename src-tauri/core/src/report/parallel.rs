//! Two pieces of an export's work at once, on the machine's two cores
//! (issue 22): the layout and the content hash, the two halves of a long
//! report, deflating beside the structure tree.

/// Runs `here` on this thread while `there` runs on another, and returns
/// both results. Where no thread can be made, `there` runs here afterwards,
/// so the answer never depends on threads; a panic in either is passed on.
/// (`there` is `Fn` so that it can still be called after a failed spawn,
/// which drops what it was given.)
pub(crate) fn both<A, B: Send>(here: impl FnOnce() -> A, there: impl Fn() -> B + Sync) -> (A, B) {
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new().spawn_scoped(scope, &there);
        let a = here();
        let b = match other {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => there(),
        };
        (a, b)
    })
}

#[cfg(test)]
mod tests {
    use super::both;

    #[test]
    fn both_results_come_back_in_their_places() {
        let (a, b) = both(|| 1 + 1, || "there".to_string());
        assert_eq!((a, b.as_str()), (2, "there"));
    }
}
