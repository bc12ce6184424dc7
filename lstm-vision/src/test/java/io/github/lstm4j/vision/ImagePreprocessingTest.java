package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessingTest {
  @TempDir Path dir;

  /** A grey image from rows of 0..255 samples. */
  private static BufferedImage grey(int[][] samples) {
    BufferedImage image =
        new BufferedImage(samples[0].length, samples.length, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < samples.length; y++) {
      for (int x = 0; x < samples[0].length; x++) {
        image.getRaster().setSample(x, y, 0, samples[y][x]);
      }
    }
    return image;
  }

  @Test
  void darkInkOnALightBackgroundIsInvertedAndAreaAveraged() {
    // 56 × 56 white, with a black block over rows 14..27 and columns 7..20: in 7 × 7 cells of
    // the 8 × 8 target it covers rows 2..3 fully and columns 1..2 fully.
    BufferedImage picture = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        boolean ink = y >= 14 && y < 28 && x >= 7 && x < 21;
        picture.setRGB(x, y, ink ? 0x000000 : 0xFFFFFF);
      }
    }

    float[] image = ImagePreprocessing.fromImage(picture, 8, 8);

    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        boolean ink = r >= 2 && r < 4 && c >= 1 && c < 3;
        assertThat(image[r * 8 + c]).as("(%d, %d)", r, c).isEqualTo(ink ? 1f : 0f);
      }
    }
  }

  @Test
  void brightInkOnADarkBackgroundIsKept() {
    float[] image =
        ImagePreprocessing.fromImage(grey(new int[][] {{0, 0, 0}, {0, 255, 0}, {0, 0, 0}}), 3, 3);

    assertThat(image).containsExactly(0, 0, 0, 0, 1, 0, 0, 0, 0);
  }

  @Test
  void greySamplesAreUsedAsStoredWithoutGammaConversion() {
    float[] image = ImagePreprocessing.fromImage(grey(new int[][] {{0, 0}, {100, 0}}), 2, 2);

    assertThat(image[2]).isEqualTo(100 / 255f);
  }

  @Test
  void colourBecomesRec601Luma() {
    BufferedImage picture = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    picture.setRGB(0, 0, 0x336699);

    float[] image = ImagePreprocessing.fromImage(picture, 1, 1);

    double luma = (0.299 * 0x33 + 0.587 * 0x66 + 0.114 * 0x99) / 255;
    assertThat(image[0]).isCloseTo((float) luma, within(1e-6f));
  }

  @Test
  void transparentPixelsCountAsWhite() {
    // Black ink in the middle of a fully transparent 3 × 3 canvas: the border is white, so the
    // picture is inverted and only the ink remains.
    BufferedImage picture = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
    picture.setRGB(1, 1, 0xFF000000);

    float[] image = ImagePreprocessing.fromImage(picture, 3, 3);

    assertThat(image).containsExactly(0, 0, 0, 0, 1, 0, 0, 0, 0);
  }

  @Test
  void shrinkingAveragesTheCoveredAreaWithFractionalOverlaps() {
    // 1 × 3 → 1 × 2: target 0 covers source [0, 1.5), target 1 covers [1.5, 3).
    float[] image = ImagePreprocessing.fromImage(grey(new int[][] {{0, 51, 0}}), 1, 2);

    float expected = (0.5f * 51 / 255) / 1.5f;
    assertThat(image).containsExactly(new float[] {expected, expected}, within(1e-6f));
  }

  @Test
  void growingInterpolatesLinearlyBetweenPixelCentres() {
    // 1 × 2 → 1 × 4: centres map to −0.25, 0.25, 0.75, 1.25, clamped to [0, 1]. Border mean 0.5
    // is not above 0.5, so nothing is inverted.
    float[] image = ImagePreprocessing.fromImage(grey(new int[][] {{0, 255}}), 1, 4);

    assertThat(image).containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
  }

  @Test
  void readLoadsAPngWrittenToDisk() throws Exception {
    Path file = dir.resolve("dot.png");
    ImageIO.write(grey(new int[][] {{0, 0}, {0, 255}}), "png", file.toFile());

    assertThat(ImagePreprocessing.read(file, 2, 2)).containsExactly(0, 0, 0, 1);
  }

  @Test
  void readRejectsAFileThatIsNotAnImage() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.png"), "not a picture");

    assertThatIOException()
        .isThrownBy(() -> ImagePreprocessing.read(file, 28, 28))
        .withMessageStartingWith("not a readable image: " + file + " (the formats ImageIO reads");
  }

  @Test
  void targetSizeMustBePositive() {
    BufferedImage picture = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ImagePreprocessing.fromImage(picture, 0, 28))
        .withMessage("rows must be > 0, got 0");
  }
}
