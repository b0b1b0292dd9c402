//! Reference solution for threads/mandelbrot: dynamic scheduling. The threads
//! claim rows one at a time from a shared atomic counter, render them into
//! buffers of their own, and the rows are copied into place after the join.

use std::sync::atomic::{AtomicUsize, Ordering};
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
    let next_row = AtomicUsize::new(0);
    let mut image = vec![0; view.width * view.height];
    thread::scope(|s| {
        let handles: Vec<_> = (0..workers.max(1))
            .map(|_| {
                s.spawn(|| {
                    let mut rows = Vec::new();
                    loop {
                        let y = next_row.fetch_add(1, Ordering::Relaxed);
                        if y >= view.height {
                            break rows;
                        }
                        let mut pixels = vec![0; view.width];
                        render_row(view, y, &mut pixels);
                        rows.push((y, pixels));
                    }
                })
            })
            .collect();
        for handle in handles {
            for (y, pixels) in handle.join().unwrap() {
                image[y * view.width..][..view.width].copy_from_slice(&pixels);
            }
        }
    });
    image
}
