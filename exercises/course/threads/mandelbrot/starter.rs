//! # threads/mandelbrot: hand out the rows by work, not by count
//!
//! The image samples a rectangle of the complex plane: pixel (x, y) stands for
//! c = (left + x · step) + (top − y · step)i, with row 0 at the top. Its value
//! is the escape time of c: the number of steps z ← z² + c, from z = 0, before
//! |z| > 2, or `max_iter` if that never happens (c is then in the Mandelbrot
//! set).
//!
//! The code below is correct and runs on `workers` threads, each with one
//! contiguous block of rows, yet it is hardly faster than one thread. The view
//! shows the upper half of the set, and the set sits at the bottom of the
//! image. A point inside the set costs `max_iter` steps, a point far outside
//! only a few, so the thread with the bottom block does nearly all the work
//! while the others finish early and wait.
//!
//! Balance the load: instead of a fixed block each, let the threads take rows
//! one at a time from a shared counter (an `AtomicUsize`) until none are left,
//! and put every finished row in its place in the image. Every pixel must
//! come out exactly as before.
//!
//! Check it with `parlab check threads/mandelbrot`; ask for a hint with
//! `parlab hint threads/mandelbrot`.

use std::thread;

/// A grid of pixels over a rectangle of the complex plane.
pub struct View {
    pub width: usize,
    pub height: usize,
    /// Real part of the pixels in column 0.
    pub left: f64,
    /// Imaginary part of the pixels in row 0, the top row.
    pub top: f64,
    /// Distance between neighbouring pixels.
    pub step: f64,
    /// Steps after which a point counts as inside the set.
    pub max_iter: u32,
}

/// The escape time of c = cr + ci·i: the number of steps z ← z² + c, from
/// z = 0, before |z| > 2, or `max_iter` if that never happens.
fn escape_time(cr: f64, ci: f64, max_iter: u32) -> u32 {
    let (mut zr, mut zi) = (0.0f64, 0.0f64);
    for n in 0..max_iter {
        let (zr2, zi2) = (zr * zr, zi * zi);
        if zr2 + zi2 > 4.0 {
            return n;
        }
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
    }
    max_iter
}

/// Fills `pixels` with row `y` of the image.
fn render_row(view: &View, y: usize, pixels: &mut [u32]) {
    let ci = view.top - y as f64 * view.step;
    for (x, pixel) in pixels.iter_mut().enumerate() {
        *pixel = escape_time(view.left + x as f64 * view.step, ci, view.max_iter);
    }
}

pub fn mandelbrot(view: &View, workers: usize) -> Vec<u32> {
    let mut image = vec![0; view.width * view.height];
    // TODO: one fixed block of rows per thread leaves one thread all the work.
    let rows_per_block = view.height.div_ceil(workers.max(1)).max(1);
    thread::scope(|s| {
        for (block, pixels) in image.chunks_mut(rows_per_block * view.width).enumerate() {
            s.spawn(move || {
                for (i, row) in pixels.chunks_mut(view.width).enumerate() {
                    render_row(view, block * rows_per_block + i, row);
                }
            });
        }
    });
    image
}
