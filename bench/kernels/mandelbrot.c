/* Float: Mandelbrot set escape counts on a 1200x1200 grid (f64 multiply/add chains,
 * data-dependent loop exits, f64<->int conversions). */
#include "bench.h"

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 4);
  const int w = 1200, hgt = 1200, max_iter = 100;
  uint64_t h = bench_seed;
  for (long r = 0; r < reps; r++) {
    double cx0 = -2.0 + r * 1e-3, cy0 = -1.5;
    long total = 0;
    for (int py = 0; py < hgt; py++) {
      double ci = cy0 + 3.0 * py / hgt;
      uint32_t row = 0;
      for (int px = 0; px < w; px++) {
        double cr = cx0 + 3.0 * px / w;
        double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
        int it = 0;
        while (it < max_iter && zr2 + zi2 <= 4.0) {
          zi = 2.0 * zr * zi + ci;
          zr = zr2 - zi2 + cr;
          zr2 = zr * zr;
          zi2 = zi * zi;
          it++;
        }
        total += it;
        row = row * 31 + (uint32_t)it;
      }
      h = BenchMix(h, row);
    }
    h = BenchMix(h, (uint64_t)total);
  }
  return BenchReport(h);
}
