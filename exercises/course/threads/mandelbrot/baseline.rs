//! Serial baseline for threads/mandelbrot: correct, and one core only.

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

pub fn mandelbrot(view: &View, _workers: usize) -> Vec<u32> {
    let mut image = vec![0; view.width * view.height];
    for (y, row) in image.chunks_mut(view.width).enumerate() {
        render_row(view, y, row);
    }
    image
}
