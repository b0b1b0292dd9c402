//! Harness for threads/mandelbrot. Course-owned: the learner does not edit
//! this file. The view is the upper half of the Mandelbrot set with a wide
//! strip of empty plane above it, so that the costly rows (a point inside the
//! set takes all 1500 steps) crowd together at the bottom of the image: cut
//! into equal blocks of rows, the lowest block holds over 85% of the work for
//! 2, 3 or 4 threads alike. At 1301 × 1103 pixels the serial loop runs for
//! about a second. Both sides are prime, so no worker count divides the rows
//! evenly.

#![forbid(unsafe_code)]

#[path = "../../../threads/mandelbrot.rs"]
mod solution;

use solution::View;

const VIEW: View = View {
    width: 1301,
    height: 1103,
    left: -2.0,
    top: 2.2,
    step: 0.002,
    max_iter: 1500,
};

fn main() {
    let workers = parlab_support::workers();
    let (image, seconds) = parlab_support::time(|| solution::mandelbrot(&VIEW, workers));
    let words = image.into_iter().map(u64::from);
    parlab_support::report(parlab_support::fingerprint(words), seconds);
}
