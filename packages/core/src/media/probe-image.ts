/** What sharp reads from an image, as the networks' rules need it. */
export interface ImageFacts {
  /** sharp's format name: "jpeg", "png", "gif", "webp". */
  format: string;
  /** As displayed, after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** Frames of an animated GIF or WebP; 1 for a still image. */
  frames: number;
  hasAlpha: boolean;
  /** EXIF orientation (1–8), when the file has one. */
  orientation?: number;
}

export const thumbnailSize = 400;

async function loadSharp() {
  return (await import("sharp")).default;
}

/** Reads an image's facts; throws if sharp cannot decode it. */
export async function probeImage(bytes: Buffer): Promise<ImageFacts> {
  const sharp = await loadSharp();
  const metadata = await sharp(bytes).metadata();
  const oriented = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
  if (!metadata.format || !oriented.width || !oriented.height) {
    throw new Error("the image has no dimensions");
  }
  // Decoding the pixels catches a file whose header is fine but whose data is not.
  await sharp(bytes).resize(1, 1).raw().toBuffer();
  return {
    format: metadata.format,
    width: oriented.width,
    height: oriented.height,
    frames: metadata.pages ?? 1,
    hasAlpha: metadata.hasAlpha,
    ...(metadata.orientation ? { orientation: metadata.orientation } : {}),
  };
}

/**
 * A WebP thumbnail that fits in 400×400, upright, never enlarged. An animated image gives its
 * first frame; a still frame from a video (PNG from ffmpeg) goes through here too.
 */
export async function webpThumbnail(bytes: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(bytes)
    .autoOrient()
    .resize({
      width: thumbnailSize,
      height: thumbnailSize,
      fit: "inside",
      withoutEnlargement: true,
    })
    .webp({ quality: 78 })
    .toBuffer();
}
