package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Turns an arbitrary picture (any size, grey or colour, with or without transparency) into the
 * input of a {@link RowLstmClassifier}: rows × cols values in [0, 1], ink bright on a dark
 * background, as MNIST stores digits.
 *
 * <ol>
 *   <li><b>Luminance.</b> Grey images use their stored sample scaled to [0, 1]; colour and indexed
 *       images use Rec. 601 luma Y = 0.299·R + 0.587·G + 0.114·B of the sRGB values. A transparent
 *       pixel is composited over white, as image viewers show it: v = α·Y + (1 − α).
 *   <li><b>Polarity.</b> If the mean of the picture's border pixels (its outermost rows and
 *       columns) is above 0.5, the background is light and the ink dark, so every value is inverted
 *       (v ← 1 − v). A picture of a digit almost always has background on its border.
 *   <li><b>Scaling.</b> Each axis separately: an axis that shrinks averages the source pixels under
 *       each target pixel, weighted by the overlapping area (a box filter, which does not alias);
 *       an axis that grows interpolates linearly between pixel centres.
 * </ol>
 *
 * <p>Not done: MNIST digits are also size-normalised into a 20 × 20 box and centred by their centre
 * of mass in the 28 × 28 frame; a picture whose digit touches its edges should be given a margin of
 * about a sixth of its size first for the best predictions.
 *
 * <pre>{@code
 * float[] image = ImagePreprocessing.fromImage(ImageIO.read(file.toFile()), 28, 28);
 * Prediction p = model.predict(image);
 * }</pre>
 */
public final class ImagePreprocessing {
  private ImagePreprocessing() {}

  /**
   * Reads an image file and converts it with {@link #fromImage}.
   *
   * @param file a PNG, JPEG, GIF or BMP file (whatever {@link ImageIO} reads)
   * @param rows the target height, {@code > 0}
   * @param cols the target width, {@code > 0}
   * @return (rows, cols) row-major values in [0, 1], ink bright
   * @throws IOException if the file cannot be read or is not an image format ImageIO knows
   */
  public static float[] read(Path file, int rows, int cols) throws IOException {
    Objects.requireNonNull(file, "file");
    Checks.positive("rows", rows);
    Checks.positive("cols", cols);
    BufferedImage image;
    try (var in = Files.newInputStream(file)) {
      image = ImageIO.read(in);
    }
    if (image == null) {
      throw new IOException(
          "not a readable image: "
              + file
              + " (the formats ImageIO reads here: "
              + String.join(", ", ImageIO.getReaderFormatNames())
              + ")");
    }
    return fromImage(image, rows, cols);
  }

  /**
   * Converts a picture to classifier input: luminance, inverted when the background is light, then
   * scaled to rows × cols (see the class description).
   *
   * @param image the picture, at least 1 × 1
   * @param rows the target height, {@code > 0}
   * @param cols the target width, {@code > 0}
   * @return (rows, cols) row-major values in [0, 1], ink bright on a dark background
   * @throws IllegalArgumentException if {@code rows} or {@code cols} is not positive
   */
  public static float[] fromImage(BufferedImage image, int rows, int cols) {
    Objects.requireNonNull(image, "image");
    Checks.positive("rows", rows);
    Checks.positive("cols", cols);
    int width = image.getWidth();
    int height = image.getHeight();
    float[] luminance = luminance(image); // (height, width)
    if (borderMean(luminance, height, width) > 0.5) {
      for (int i = 0; i < luminance.length; i++) {
        luminance[i] = 1f - luminance[i];
      }
    }
    // Rows first (width → cols), then columns (height → rows).
    float[] narrow = new float[height * cols]; // (height, cols)
    Taps across = Taps.of(width, cols);
    for (int y = 0; y < height; y++) {
      across.apply(luminance, y * width, 1, narrow, y * cols, 1);
    }
    float[] out = new float[rows * cols]; // (rows, cols)
    Taps down = Taps.of(height, rows);
    for (int x = 0; x < cols; x++) {
      down.apply(narrow, x, cols, out, x, cols);
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, out[i]));
    }
    return out;
  }

  /** Grey level of every pixel in [0, 1], transparent parts composited over white. */
  private static float[] luminance(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    float[] out = new float[height * width];
    ColorModel model = image.getColorModel();
    boolean grey =
        model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
            && !(model instanceof IndexColorModel);
    if (grey) {
      // Stored grey samples as they are: getRGB would treat a grey image as linear light and
      // brighten its mid-tones on the way to sRGB.
      Raster raster = image.getRaster();
      double maxGrey = (1 << model.getComponentSize(0)) - 1;
      boolean alpha = model.hasAlpha();
      double maxAlpha = alpha ? (1 << model.getComponentSize(1)) - 1 : 1;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double v = raster.getSample(x, y, 0) / maxGrey;
          double a = alpha ? raster.getSample(x, y, 1) / maxAlpha : 1.0;
          out[y * width + x] = (float) (a * v + (1 - a));
        }
      }
    } else {
      int[] argb = new int[width];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, argb, 0, width);
        for (int x = 0; x < width; x++) {
          int p = argb[x];
          double a = (p >>> 24) / 255.0;
          double luma =
              (0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF)) / 255.0;
          out[y * width + x] = (float) (a * luma + (1 - a));
        }
      }
    }
    return out;
  }

  /** Mean of the outermost rows and columns, each pixel counted once. */
  private static double borderMean(float[] values, int height, int width) {
    double sum = 0;
    long count = 0;
    for (int y = 0; y < height; y++) {
      boolean edgeRow = y == 0 || y == height - 1;
      for (int x = 0; x < width; x++) {
        if (edgeRow || x == 0 || x == width - 1) {
          sum += values[y * width + x];
          count++;
        }
      }
    }
    return sum / count;
  }

  /**
   * The weights of a 1-D resampling from n source pixels to m target pixels: target j is Σ
   * weight·source over its taps. Shrinking (m &lt; n): target j covers source interval [j·n/m,
   * (j+1)·n/m) and each source pixel weighs by its overlap with it, normalised. Growing (m ≥ n):
   * target j's centre maps to source coordinate s = (j + ½)·n/m − ½, clamped to [0, n − 1], and
   * interpolates linearly between floor(s) and floor(s) + 1.
   */
  private static final class Taps {
    private final int[] start; // (m) first source pixel of target j
    private final double[][] weights; // (m)(taps of j)

    private Taps(int[] start, double[][] weights) {
      this.start = start;
      this.weights = weights;
    }

    static Taps of(int n, int m) {
      int[] start = new int[m];
      double[][] weights = new double[m][];
      double scale = (double) n / m;
      for (int j = 0; j < m; j++) {
        if (m < n) {
          double lo = j * scale;
          double hi = (j + 1) * scale;
          int first = (int) Math.floor(lo);
          int end = Math.min(n, (int) Math.ceil(hi));
          start[j] = first;
          weights[j] = new double[end - first];
          for (int i = first; i < end; i++) {
            double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
            weights[j][i - first] = overlap / scale;
          }
        } else {
          double s = Math.max(0, Math.min(n - 1, (j + 0.5) * scale - 0.5));
          int first = Math.min((int) Math.floor(s), Math.max(0, n - 2));
          double frac = s - first;
          start[j] = first;
          weights[j] = n == 1 ? new double[] {1} : new double[] {1 - frac, frac};
        }
      }
      return new Taps(start, weights);
    }

    /** dst[dOff + j·dStride] = Σ_k weights[j][k]·src[sOff + (start[j] + k)·sStride]. */
    void apply(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride) {
      for (int j = 0; j < start.length; j++) {
        double sum = 0;
        double[] w = weights[j];
        int base = sOff + start[j] * sStride;
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * src[base + k * sStride];
        }
        dst[dOff + j * dStride] = (float) sum;
      }
    }
  }
}
